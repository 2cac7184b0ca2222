import type { Request } from 'express';
import { defineRoutes, implementRoutes, principalOf, problems, type BoundRoute, type Principal } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { getAccount } from '../accounts/account-queries';
import { accountIdParams } from '../accounts/account-schemas';
import { toAccountView } from '../accounts/account-view';
import type { ContactRow } from '../db/account-store';
import { addContact } from './add-contact';
import { toAmsSyncView } from '../ams-sync/ams-sync-view';
import { contact360 } from './contact-360';
import { contact360View } from './contact-360-view';
import { contactDeletedView } from './contact-deletion-view';
import { contactsOfAccount, findContact } from './contact-queries';
import { contactIdParams, createContactBody, deleteContactQuery, updateContactBody } from './contact-schemas';
import { contactListView, contactView, toContactView } from './contact-view';
import { deleteContact } from './delete-contact';
import { makePrimary } from './make-primary';
import { updateContact } from './update-contact';
import { recordContactViews } from '../protected-data-access/record-contact-views';

const mayViewProtected = (principal: Principal) => principal.permissions.has('protected-data:view');

const masking = 'Protected fields (ssn, dateOfBirth, mbi, driversLicenseNumber) are masked without `protected-data:view`; an answer showing them is recorded in the tenant’s access log first (X-4).';

export const contactApi = defineRoutes({
  add: {
    method: 'post',
    path: '/accounts/:accountId/contacts',
    summary: 'Add a contact: the first becomes the primary, later ones secondary (ACC-1); it takes the account status (ACC-8)',
    description: 'The answer is always masked (it is kept with its Idempotency-Key); GET /contacts/{contactId} shows the contact to those who may see it.',
    permission: 'accounts:edit',
    params: accountIdParams,
    body: createContactBody,
    example: { firstName: 'Jose', lastName: 'Rivera', relation: 'spouse', email: 'jose@example.com', dateOfBirth: '1952-07-04' },
    idempotent: true,
    responses: { 201: ['The contact', contactView] },
    problems: { 404: 'No such account' },
  },
  listOfAccount: {
    method: 'get',
    path: '/accounts/:accountId/contacts',
    summary: 'List an account’s contacts, primary first',
    description: masking,
    permission: 'accounts:view',
    params: accountIdParams,
    responses: { 200: ['Contacts', contactListView] },
    problems: { 404: 'No such account' },
  },
  read: {
    method: 'get',
    path: '/contacts/:contactId',
    summary: 'Read a contact',
    description: masking,
    permission: 'accounts:view',
    params: contactIdParams,
    responses: { 200: ['The contact', contactView] },
    problems: { 404: 'No such contact' },
  },
  update: {
    method: 'patch',
    path: '/contacts/:contactId',
    summary: 'Change a contact; `relation` can be set, changed or cleared (null) on a secondary (ACC-2)',
    description: masking,
    permission: 'accounts:edit',
    params: contactIdParams,
    body: updateContactBody,
    example: { relation: 'business-partner' },
    responses: { 200: ['The contact', contactView] },
    problems: { 404: 'No such contact' },
  },
  delete: {
    method: 'delete',
    path: '/contacts/:contactId',
    summary: 'Delete a contact with everything attached (ACC-3/4/5)',
    description:
      'Without `confirm=true` nothing is deleted: 409 `confirmation-required` lists `wouldDelete` (policies, deal cards, files, history). ' +
      'Deleting the primary needs `newPrimaryContactId` (409 `new-primary-required` lists the candidates); its active policies move to the new primary. ' +
      'Deleting the last contact removes the account and its policies.',
    permission: 'accounts:edit',
    params: contactIdParams,
    query: deleteContactQuery,
    responses: { 200: ['Deleted: what went', contactDeletedView] },
    problems: { 404: 'No such contact', 409: 'Confirmation or new primary required', 422: 'The new primary is not a contact of the account' },
  },
  makePrimary: {
    method: 'post',
    path: '/contacts/:contactId/make-primary',
    summary: 'Make this contact the primary; the previous primary becomes a secondary',
    description: masking,
    permission: 'accounts:edit',
    params: contactIdParams,
    responses: { 200: ['The contact', contactView] },
    problems: { 404: 'No such contact' },
  },
  view360: {
    method: 'get',
    path: '/contacts/:contactId/360',
    summary: 'Contact 360: the contact, its account and label, policies, deal cards, files and history (ACC-9)',
    description: masking,
    permission: 'accounts:view',
    params: contactIdParams,
    responses: { 200: ['The view', contact360View] },
    problems: { 404: 'No such contact' },
  },
});

export function contactRoutes({ database, fieldCipher }: ServiceDeps): BoundRoute[] {
  /** The contacts as answered, after recording which protected fields they show unmasked. */
  const shown = async (req: Request, rows: readonly ContactRow[]) => {
    const mayView = mayViewProtected(principalOf(req));
    await recordContactViews(database, req, rows, mayView);
    return rows.map((row) => toContactView(row, fieldCipher, mayView));
  };
  const shownOne = async (req: Request, row: ContactRow) => (await shown(req, [row]))[0]!;

  return implementRoutes(contactApi, {
    // ACC-1: the first contact added becomes the primary, later ones secondary.
    add: async ({ params: { accountId }, body: input }, req, res) => {
      const principal = principalOf(req);
      const result = await addContact(forTenants(database, principal.tenantId), fieldCipher, { tenantId: principal.tenantId, accountId, actor: principal.subject, input });
      if (result.outcome === 'not-found') throw problems.notFound('account');
      if (result.outcome === 'invalid') throw problems.validation(result.errors);
      // Stored with its Idempotency-Key as sent, so always masked (X-4: nothing protected at rest in
      // clear); GET /contacts/{id} shows it to those who may.
      res.status(201).location(`/contacts/${result.contact.id}`).json(toContactView(result.contact, fieldCipher, false));
    },

    listOfAccount: async ({ params: { accountId } }, req, res) => {
      const principal = principalOf(req);
      const rows = await inTenant(database, principal.tenantId, async (tx) =>
        (await getAccount(tx, principal.tenantId, accountId)) ? contactsOfAccount(tx, principal.tenantId, accountId) : undefined,
      );
      if (!rows) throw problems.notFound('account');
      res.json({ items: await shown(req, rows) });
    },

    read: async ({ params: { contactId } }, req, res) => {
      const principal = principalOf(req);
      const contact = await inTenant(database, principal.tenantId, (tx) => findContact(tx, principal.tenantId, contactId));
      if (!contact) throw problems.notFound('contact');
      res.json(await shownOne(req, contact));
    },

    update: async ({ params: { contactId }, body: input }, req, res) => {
      const principal = principalOf(req);
      const result = await updateContact(forTenants(database, principal.tenantId), fieldCipher, { tenantId: principal.tenantId, contactId, actor: principal.subject, input });
      if (result.outcome === 'not-found') throw problems.notFound('contact');
      if (result.outcome === 'invalid') throw problems.validation(result.errors);
      res.json(await shownOne(req, result.contact));
    },

    // ACC-3/4/5: explicit confirmation; a primary names its successor; answers list what goes.
    delete: async ({ params: { contactId }, query: { confirm, newPrimaryContactId } }, req, res) => {
      const principal = principalOf(req);
      const result = await deleteContact(forTenants(database, principal.tenantId), { tenantId: principal.tenantId, contactId, actor: principal.subject, confirmed: confirm, newPrimaryContactId });
      switch (result.outcome) {
        case 'not-found':
          throw problems.notFound('contact');
        case 'needs-new-primary':
          throw problems.conflict(
            'new-primary-required',
            'New primary contact required',
            'Deleting the primary contact needs another contact of the account as the new primary: repeat with newPrimaryContactId and confirm=true.',
            { candidates: result.candidates, wouldDelete: result.impact },
          );
        case 'invalid-new-primary':
          throw problems.unprocessable('invalid-new-primary', 'Invalid new primary contact', result.reason, { candidates: result.candidates });
        case 'needs-confirmation':
          throw problems.conflict(
            'confirmation-required',
            'Confirmation required',
            'Nothing was deleted. Repeat with confirm=true to delete the contact and everything listed in wouldDelete.',
            { wouldDelete: result.impact },
          );
        case 'deleted':
          res.json({ deleted: result.impact, newPrimaryContactId: result.newPrimaryContactId });
      }
    },

    makePrimary: async ({ params: { contactId } }, req, res) => {
      const principal = principalOf(req);
      const result = await makePrimary(forTenants(database, principal.tenantId), { tenantId: principal.tenantId, contactId, actor: principal.subject });
      if (result.outcome === 'not-found') throw problems.notFound('contact');
      res.json(await shownOne(req, result.contact));
    },

    // ACC-9 Contact 360.
    view360: async ({ params: { contactId } }, req, res) => {
      const principal = principalOf(req);
      const result = await contact360(forTenants(database, principal.tenantId), principal.tenantId, contactId);
      if (!result) throw problems.notFound('contact');
      res.json({
        contact: await shownOne(req, result.contact),
        account: toAccountView(result.account),
        policies: result.policies,
        dealCards: result.dealCards,
        files: result.files,
        history: result.history,
        amsSync: toAmsSyncView(result.amsSync),
      });
    },
  });
}

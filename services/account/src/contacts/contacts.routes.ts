import { Router, type Request } from 'express';
import { idempotency, parseInput, principalOf, problems, requirePermission, type Principal } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { getAccount } from '../accounts/account-queries';
import { accountIdParams } from '../accounts/account-schemas';
import { toAccountView } from '../accounts/account-view';
import type { ContactRow } from '../db/account-store';
import { addContact } from './add-contact';
import { toAmsSyncView } from '../ams-sync/ams-sync-view';
import { contact360 } from './contact-360';
import { contactsOfAccount, findContact } from './contact-queries';
import { contactIdParams, createContactBody, deleteContactQuery, updateContactBody } from './contact-schemas';
import { toContactView } from './contact-view';
import { deleteContact } from './delete-contact';
import { makePrimary } from './make-primary';
import { updateContact } from './update-contact';
import { recordContactViews } from '../protected-data-access/record-contact-views';

const mayViewProtected = (principal: Principal) => principal.permissions.has('protected-data:view');

export function contactRoutes({ database, fieldCipher, idempotencyStore }: ServiceDeps): Router {
  const router = Router();
  /** The contacts as answered, after recording which protected fields they show unmasked. */
  const shown = async (req: Request, rows: readonly ContactRow[]) => {
    const mayView = mayViewProtected(principalOf(req));
    await recordContactViews(database, req, rows, mayView);
    return rows.map((row) => toContactView(row, fieldCipher, mayView));
  };
  const shownOne = async (req: Request, row: ContactRow) => (await shown(req, [row]))[0]!;

  // ACC-1: the first contact added becomes the primary, later ones secondary.
  router.post('/accounts/:accountId/contacts', requirePermission('accounts:edit'), idempotency(idempotencyStore), async (req, res) => {
    const principal = principalOf(req);
    const { accountId } = parseInput(accountIdParams, req.params, 'path');
    const input = parseInput(createContactBody, req.body);
    const result = await addContact(forTenants(database, principal.tenantId), fieldCipher, { tenantId: principal.tenantId, accountId, actor: principal.subject, input });
    if (result.outcome === 'not-found') throw problems.notFound('account');
    if (result.outcome === 'invalid') throw problems.validation(result.errors);
    // Stored with its Idempotency-Key as sent, so always masked (X-4: nothing protected at rest in
    // clear); GET /contacts/{id} shows it to those who may.
    res.status(201).location(`/contacts/${result.contact.id}`).json(toContactView(result.contact, fieldCipher, false));
  });

  router.get('/accounts/:accountId/contacts', requirePermission('accounts:view'), async (req, res) => {
    const principal = principalOf(req);
    const { accountId } = parseInput(accountIdParams, req.params, 'path');
    const rows = await inTenant(database, principal.tenantId, async (tx) =>
      (await getAccount(tx, principal.tenantId, accountId)) ? contactsOfAccount(tx, principal.tenantId, accountId) : undefined,
    );
    if (!rows) throw problems.notFound('account');
    res.json({ items: await shown(req, rows) });
  });

  router.get('/contacts/:contactId', requirePermission('accounts:view'), async (req, res) => {
    const principal = principalOf(req);
    const { contactId } = parseInput(contactIdParams, req.params, 'path');
    const contact = await inTenant(database, principal.tenantId, (tx) => findContact(tx, principal.tenantId, contactId));
    if (!contact) throw problems.notFound('contact');
    res.json(await shownOne(req, contact));
  });

  router.patch('/contacts/:contactId', requirePermission('accounts:edit'), async (req, res) => {
    const principal = principalOf(req);
    const { contactId } = parseInput(contactIdParams, req.params, 'path');
    const input = parseInput(updateContactBody, req.body);
    const result = await updateContact(forTenants(database, principal.tenantId), fieldCipher, { tenantId: principal.tenantId, contactId, actor: principal.subject, input });
    if (result.outcome === 'not-found') throw problems.notFound('contact');
    if (result.outcome === 'invalid') throw problems.validation(result.errors);
    res.json(await shownOne(req, result.contact));
  });

  // ACC-3/4/5: explicit confirmation; a primary names its successor; answers list what goes.
  router.delete('/contacts/:contactId', requirePermission('accounts:edit'), async (req, res) => {
    const principal = principalOf(req);
    const { contactId } = parseInput(contactIdParams, req.params, 'path');
    const { confirm, newPrimaryContactId } = parseInput(deleteContactQuery, req.query, 'query');
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
  });

  router.post('/contacts/:contactId/make-primary', requirePermission('accounts:edit'), async (req, res) => {
    const principal = principalOf(req);
    const { contactId } = parseInput(contactIdParams, req.params, 'path');
    const result = await makePrimary(forTenants(database, principal.tenantId), { tenantId: principal.tenantId, contactId, actor: principal.subject });
    if (result.outcome === 'not-found') throw problems.notFound('contact');
    res.json(await shownOne(req, result.contact));
  });

  // ACC-9 Contact 360.
  router.get('/contacts/:contactId/360', requirePermission('accounts:view'), async (req, res) => {
    const principal = principalOf(req);
    const { contactId } = parseInput(contactIdParams, req.params, 'path');
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
  });

  return router;
}

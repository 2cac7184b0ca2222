import { defineRoutes, implementRoutes, principalOf, problems, type BoundRoute } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { searchQuery } from '../customers/customer-schemas';
import { financeProblems } from '../http-problems';
import { toInvoiceView, toProgramView } from '../programs/program-view';
import { createContact } from './create-contact';
import { connectedToContact, findContact, searchContacts } from './contact-queries';
import { contactIdParams, createContactBody, replaceContactBody, updateContactBody } from './contact-schemas';
import { contactView, toContactView } from './contact-view';
import { replaceContact } from './replace-contact';
import { updateContact } from './update-contact';
import { contactChangedView, contactDetailView, contactListView, contactReplacedView } from './contact-answer-view';

export const contactApi = defineRoutes({
  postContacts: {
    method: 'post',
    path: '/finance/contacts',
    summary: 'Create a contact (an email is one contact’s, without case)',
    permission: 'finance:edit',
    body: createContactBody,
    idempotent: true,
    responses: { 201: ['The contact', contactView] },
    problems: { 409: 'Email taken (contact-email-taken names the contact)' },
  },
  getContacts: {
    method: 'get',
    path: '/finance/contacts',
    summary: 'Search contacts by part of a name or email',
    permission: 'finance:view',
    query: searchQuery,
    responses: { 200: ['Contacts', contactListView] },
  },
  getContactsByContactId: {
    method: 'get',
    path: '/finance/contacts/:contactId',
    summary: 'A contact with every program it is on (with its roles) and the invoices it is billed on',
    permission: 'finance:view',
    params: contactIdParams,
    responses: { 200: ['The contact, its programs (with its roles) and the invoices it is billed on', contactDetailView] },
    problems: { 404: 'No such contact' },
  },
  patchContactsByContactId: {
    method: 'patch',
    path: '/finance/contacts/:contactId',
    summary: 'FIN-4 update a contact: applies to every program connected to it',
    description: 'An email another contact has (without case) is refused: 409 contact-email-taken names that contact and suggests replacing this one with it. The signer of an active agreement keeps firstName, lastName and email (409 signer-of-active-agreement); phone and company stay editable.',
    permission: 'finance:edit',
    params: contactIdParams,
    body: updateContactBody,
    responses: { 200: ['The contact, the changed fields and counts', contactChangedView] },
    problems: { 404: 'No such contact', 409: 'Email taken, or signer of an active agreement' },
  },
  postContactsByContactIdReplace: {
    method: 'post',
    path: '/finance/contacts/:contactId/replace',
    summary: 'FIN-5 replace a contact (contactId, or a new contact) in every role on every program and as billing contact of every invoice',
    description: 'Refused while the contact is the signer of an active agreement (409 signer-of-active-agreement lists them); nothing changes.',
    permission: 'finance:edit',
    params: contactIdParams,
    body: replaceContactBody,
    responses: { 200: ['Replaced: both contacts and the counts', contactReplacedView] },
    problems: { 404: 'No such contact or replacement', 409: 'Signer of an active agreement, or the new contact’s email is taken', 422: 'The same contact' },
  },
});

export function contactRoutes({ database }: ServiceDeps): BoundRoute[] {

  return implementRoutes(contactApi, {
    postContacts: async ({ body: input }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const result = await createContact(forTenants(database, tenantId), { tenantId, actor: subject, input });
      if (result.outcome === 'email-taken') throw financeProblems.emailTaken(undefined, result.email, result.holder);
      res.status(201).location(`/finance/contacts/${result.contact.id}`).json(toContactView(result.contact));
    },

    getContacts: async ({ query: { q, limit } }, req, res) => {
      const { tenantId } = principalOf(req);
      const rows = await inTenant(database, tenantId, (tx) => searchContacts(tx, tenantId, q, limit));
      res.json({ items: rows.map(toContactView) });
    },

    // The contact with every program it is on (and its roles there) and the invoices it is billed on.
    getContactsByContactId: async ({ params: { contactId } }, req, res) => {
      const { tenantId } = principalOf(req);
      const found = await inTenant(database, tenantId, async (tx) => {
        const contact = await findContact(tx, tenantId, contactId);
        return contact ? { contact, ...(await connectedToContact(tx, tenantId, contactId)) } : undefined;
      });
      if (!found) throw problems.notFound('contact');
      res.json({ contact: toContactView(found.contact), programs: found.links.map((l) => ({ role: l.role, program: toProgramView(l.program) })), invoices: found.invoices.map(toInvoiceView) });
    },

    // FIN-4: applies to every program of the contact; an email of another contact is refused, naming it.
    patchContactsByContactId: async ({ params: { contactId }, body: input }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const result = await updateContact(forTenants(database, tenantId), { tenantId, contactId, actor: subject, input });
      switch (result.outcome) {
        case 'not-found':
          throw problems.notFound('contact');
        case 'email-taken':
          throw financeProblems.emailTaken(contactId, result.email, result.holder);
        case 'signer-locked':
          throw financeProblems.signerLocked(result.programs, result.lockedFields);
        case 'unchanged':
          res.json({ contact: toContactView(result.contact), changedFields: [], programCount: 0, invoiceCount: 0 });
          return;
        case 'updated':
          res.json({ contact: toContactView(result.contact), changedFields: result.changedFields, programCount: result.programCount, invoiceCount: result.invoiceCount });
      }
    },

    // FIN-5: another contact (existing or new) takes this one's place on every program and invoice.
    postContactsByContactIdReplace: async ({ params: { contactId }, body }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const by = body.contactId ? { contactId: body.contactId } : { contact: body.contact! };
      const result = await replaceContact(forTenants(database, tenantId), { tenantId, contactId, actor: subject, by });
      switch (result.outcome) {
        case 'not-found':
          throw problems.notFound(result.what === 'contact' ? 'contact' : 'replacement contact');
        case 'same-contact':
          throw problems.unprocessable('same-contact', 'Same contact', 'A contact cannot replace itself.');
        case 'email-taken':
          throw financeProblems.emailTaken(contactId, result.email, result.holder);
        case 'signer-locked':
          throw financeProblems.signerLocked(result.programs, result.lockedFields);
        case 'replaced':
          res.json({ replaced: toContactView(result.replaced), contact: toContactView(result.by), created: result.created, programCount: result.programCount, invoiceCount: result.invoiceCount });
      }
    },
  });
}

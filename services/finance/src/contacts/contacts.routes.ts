import { Router } from 'express';
import { idempotency, parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { searchQuery } from '../customers/customer-schemas';
import { financeProblems } from '../http-problems';
import { toInvoiceView, toProgramView } from '../programs/program-view';
import { createContact } from './create-contact';
import { connectedToContact, findContact, searchContacts } from './contact-queries';
import { contactIdParams, createContactBody, replaceContactBody, updateContactBody } from './contact-schemas';
import { toContactView } from './contact-view';
import { replaceContact } from './replace-contact';
import { updateContact } from './update-contact';

export function contactRoutes({ database, idempotencyStore }: ServiceDeps): Router {
  const router = Router();

  router.post('/finance/contacts', requirePermission('finance:edit'), idempotency(idempotencyStore), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const input = parseInput(createContactBody, req.body);
    const result = await createContact(forTenants(database, tenantId), { tenantId, actor: subject, input });
    if (result.outcome === 'email-taken') throw financeProblems.emailTaken(undefined, result.email, result.holder);
    res.status(201).location(`/finance/contacts/${result.contact.id}`).json(toContactView(result.contact));
  });

  router.get('/finance/contacts', requirePermission('finance:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { q, limit } = parseInput(searchQuery, req.query, 'query');
    const rows = await inTenant(database, tenantId, (tx) => searchContacts(tx, tenantId, q, limit));
    res.json({ items: rows.map(toContactView) });
  });

  // The contact with every program it is on (and its roles there) and the invoices it is billed on.
  router.get('/finance/contacts/:contactId', requirePermission('finance:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { contactId } = parseInput(contactIdParams, req.params, 'path');
    const found = await inTenant(database, tenantId, async (tx) => {
      const contact = await findContact(tx, tenantId, contactId);
      return contact ? { contact, ...(await connectedToContact(tx, tenantId, contactId)) } : undefined;
    });
    if (!found) throw problems.notFound('contact');
    res.json({ contact: toContactView(found.contact), programs: found.links.map((l) => ({ role: l.role, program: toProgramView(l.program) })), invoices: found.invoices.map(toInvoiceView) });
  });

  // FIN-4: applies to every program of the contact; an email of another contact is refused, naming it.
  router.patch('/finance/contacts/:contactId', requirePermission('finance:edit'), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { contactId } = parseInput(contactIdParams, req.params, 'path');
    const input = parseInput(updateContactBody, req.body);
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
  });

  // FIN-5: another contact (existing or new) takes this one's place on every program and invoice.
  router.post('/finance/contacts/:contactId/replace', requirePermission('finance:edit'), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { contactId } = parseInput(contactIdParams, req.params, 'path');
    const body = parseInput(replaceContactBody, req.body);
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
  });

  return router;
}

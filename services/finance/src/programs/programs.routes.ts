import { Router } from 'express';
import { encodeKeysetCursor, idempotency, parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { findCustomer } from '../customers/customer-queries';
import { toCustomerView } from '../customers/customer-view';
import { financeProblems } from '../http-problems';
import { changeFinanced, financedFlagChangeableIn } from './change-financed';
import { changeStatus } from './change-status';
import { createInvoice } from './create-invoice';
import { createProgram } from './create-program';
import { contactsOfProgram, findInvoice, findProgram, invoicesOfProgram, listPrograms } from './program-queries';
import { changeFinancedBody, changeStatusBody, createInvoiceBody, createProgramBody, invoiceIdParams, listProgramsQuery, programIdParams, replaceCustomerBody } from './program-schemas';
import { toInvoiceView, toProgramContactView, toProgramView } from './program-view';
import { replaceCustomer } from './replace-customer';

export function programRoutes({ database, fieldCipher, idempotencyStore }: ServiceDeps): Router {
  const router = Router();

  // FIN-1 a program in draft: one customer, contacts in roles, exactly one signer.
  router.post('/finance/programs', requirePermission('finance:edit'), idempotency(idempotencyStore), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const input = parseInput(createProgramBody, req.body);
    const result = await createProgram(forTenants(database, tenantId), fieldCipher, { tenantId, actor: subject, input });
    switch (result.outcome) {
      case 'invalid':
        throw problems.validation(result.errors);
      case 'email-taken':
        throw financeProblems.emailTaken(undefined, result.email, result.holder);
      case 'reference-taken':
        throw problems.conflict('program-reference-taken', 'Program reference taken', `Your organisation has a program ${result.reference}.`, { reference: result.reference });
      case 'created':
        res.status(201).location(`/finance/programs/${result.program.id}`).json(toProgramView(result.program));
    }
  });

  // Newest first, paged by the unique keyset (created_at, id); nextBefore is opaque.
  router.get('/finance/programs', requirePermission('finance:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const query = parseInput(listProgramsQuery, req.query, 'query');
    const page = await inTenant(database, tenantId, (tx) => listPrograms(tx, tenantId, query));
    res.json({ items: page.items.map(toProgramView), nextBefore: page.next ? encodeKeysetCursor(page.next.createdAt, page.next.id) : null });
  });

  router.get('/finance/programs/:programId', requirePermission('finance:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { programId } = parseInput(programIdParams, req.params, 'path');
    const found = await inTenant(database, tenantId, async (tx) => {
      const program = await findProgram(tx, tenantId, programId);
      if (!program) return undefined;
      return { program, customer: (await findCustomer(tx, tenantId, program.customerId))!, contacts: await contactsOfProgram(tx, tenantId, programId), invoices: await invoicesOfProgram(tx, tenantId, programId) };
    });
    if (!found) throw problems.notFound('program');
    res.json({ ...toProgramView(found.program), customer: toCustomerView(found.customer, fieldCipher), contacts: found.contacts.map(toProgramContactView), invoices: found.invoices.map(toInvoiceView) });
  });

  // FIN-1 the lifecycle: only the transitions a finance company allows (decision 0028).
  router.post('/finance/programs/:programId/status', requirePermission('finance:edit'), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { programId } = parseInput(programIdParams, req.params, 'path');
    const { status } = parseInput(changeStatusBody, req.body);
    const result = await changeStatus(forTenants(database, tenantId), { tenantId, programId, to: status, actor: subject });
    switch (result.outcome) {
      case 'not-found':
        throw problems.notFound('program');
      case 'refused':
        throw problems.conflict('status-transition-refused', 'Status change not allowed', result.reason, { from: result.from, to: status, allowed: result.allowed });
      default:
        res.json(toProgramView(result.program));
    }
  });

  // FIN-1 the financed flag after creation (decision 0032): while the terms can change.
  router.post('/finance/programs/:programId/financed', requirePermission('finance:edit'), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { programId } = parseInput(programIdParams, req.params, 'path');
    const { financed } = parseInput(changeFinancedBody, req.body);
    const result = await changeFinanced(forTenants(database, tenantId), { tenantId, programId, financed, actor: subject });
    switch (result.outcome) {
      case 'not-found':
        throw problems.notFound('program');
      case 'concurrent-change':
        throw financeProblems.concurrentChange();
      case 'locked':
        throw problems.conflict(
          'financed-flag-locked',
          'Financed flag cannot change',
          `The program is ${result.status}: its terms were sent for signature or settled, so whether it is financed no longer changes. Move it back to quoted first (from pending-signature), or start a new program.`,
          { programStatus: result.status, changeableIn: financedFlagChangeableIn },
        );
      default:
        res.json(toProgramView(result.program));
    }
  });

  // FIN-3 replace the customer (existing, or new in this request) on every program and invoice of it.
  router.post('/finance/programs/:programId/replace-customer', requirePermission('finance:edit'), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { programId } = parseInput(programIdParams, req.params, 'path');
    const body = parseInput(replaceCustomerBody, req.body);
    const by = body.customerId ? { customerId: body.customerId } : { customer: body.customer! };
    const result = await replaceCustomer(forTenants(database, tenantId), fieldCipher, { tenantId, programId, actor: subject, by });
    switch (result.outcome) {
      case 'not-found':
        throw problems.notFound(result.what === 'program' ? 'program' : 'replacement customer');
      case 'same-customer':
        throw problems.unprocessable('same-customer', 'Same customer', 'The program already has this customer.');
      case 'concurrent-change':
        throw financeProblems.concurrentChange();
      case 'program-active':
        throw problems.conflict('program-active', 'Program is active', 'The customer of an active program (a signed finance agreement) cannot be replaced. Nothing was changed.', { program: result.program });
      case 'active-elsewhere':
        throw problems.conflict(
          'customer-has-active-programs',
          'Customer has active programs',
          'Replacing a customer applies to every program and invoice connected to it, and this customer has active programs (signed agreements), whose customer cannot change. Nothing was changed.',
          { activePrograms: result.programs },
        );
      case 'replaced':
        res.json({ replaced: toCustomerView(result.replaced, fieldCipher), customer: toCustomerView(result.by, fieldCipher), created: result.created, programCount: result.programCount, invoiceCount: result.invoiceCount });
    }
  });

  router.post('/finance/programs/:programId/invoices', requirePermission('finance:edit'), idempotency(idempotencyStore), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { programId } = parseInput(programIdParams, req.params, 'path');
    const input = parseInput(createInvoiceBody, req.body);
    const result = await createInvoice(forTenants(database, tenantId), { tenantId, programId, actor: subject, input });
    switch (result.outcome) {
      case 'not-found':
        throw problems.notFound('program');
      case 'invalid':
        throw problems.validation(result.errors);
      case 'concurrent-change':
        throw financeProblems.concurrentChange();
      case 'number-taken':
        throw problems.conflict('invoice-number-taken', 'Invoice number taken', `Your organisation has an invoice ${result.number}.`, { number: result.number });
      case 'created':
        res.status(201).location(`/finance/invoices/${result.invoice.id}`).json(toInvoiceView(result.invoice));
    }
  });

  router.get('/finance/programs/:programId/invoices', requirePermission('finance:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { programId } = parseInput(programIdParams, req.params, 'path');
    const items = await inTenant(database, tenantId, async (tx) => ((await findProgram(tx, tenantId, programId)) ? invoicesOfProgram(tx, tenantId, programId) : undefined));
    if (!items) throw problems.notFound('program');
    res.json({ items: items.map(toInvoiceView) });
  });

  router.get('/finance/invoices/:invoiceId', requirePermission('finance:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { invoiceId } = parseInput(invoiceIdParams, req.params, 'path');
    const invoice = await inTenant(database, tenantId, (tx) => findInvoice(tx, tenantId, invoiceId));
    if (!invoice) throw problems.notFound('invoice');
    res.json(toInvoiceView(invoice));
  });

  return router;
}

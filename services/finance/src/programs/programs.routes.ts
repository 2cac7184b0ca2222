import { defineRoutes, encodeKeysetCursor, implementRoutes, principalOf, problems, type BoundRoute } from '@agencyflow/http';
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
import { invoiceView, programView, toInvoiceView, toProgramContactView, toProgramView } from './program-view';
import { replaceCustomer } from './replace-customer';
import { invoiceListView, programDetailView, programPageView } from './program-answer-view';
import { customerReplacedView } from '../customers/customer-answer-view';

export const programApi = defineRoutes({
  postPrograms: {
    method: 'post',
    path: '/finance/programs',
    summary: 'FIN-1 create a program in draft: one customer (customerId, or a new customer), contacts in roles with exactly one signer',
    permission: 'finance:edit',
    body: createProgramBody,
    idempotent: true,
    responses: { 201: ['The program', programView] },
    problems: { 409: 'Reference taken (program-reference-taken), or a new contact’s email is another contact’s (contact-email-taken)' },
  },
  getPrograms: {
    method: 'get',
    path: '/finance/programs',
    summary: 'FIN-1 list programs, newest first (filters status, customerId, financed; cursor nextBefore)',
    permission: 'finance:view',
    query: listProgramsQuery,
    responses: { 200: ['A page of programs', programPageView] },
  },
  getProgramsByProgramId: {
    method: 'get',
    path: '/finance/programs/:programId',
    summary: 'A program with its customer, contacts in roles and invoices',
    permission: 'finance:view',
    params: programIdParams,
    responses: { 200: ['The program', programDetailView] },
    problems: { 404: 'No such program' },
  },
  postProgramsByProgramIdStatus: {
    method: 'post',
    path: '/finance/programs/:programId/status',
    summary: 'FIN-1 move a program along its lifecycle',
    description: 'draft → quoted | cancelled; quoted → pending-signature | draft | cancelled; pending-signature → active | quoted | cancelled; active → paid-off | cancelled; paid-off and cancelled are final.',
    permission: 'finance:edit',
    params: programIdParams,
    body: changeStatusBody,
    responses: { 200: ['The program', programView] },
    problems: { 404: 'No such program', 409: 'Transition not allowed (status-transition-refused, with `allowed`)' },
  },
  postProgramsByProgramIdFinanced: {
    method: 'post',
    path: '/finance/programs/:programId/financed',
    summary: 'FIN-1 make a program financed or not after its creation (decision 0032)',
    description: 'Only in draft or quoted: once the terms are sent for signature the flag no longer changes (409 financed-flag-locked). FIN-2 sees the flag as it is now.',
    permission: 'finance:edit',
    params: programIdParams,
    body: changeFinancedBody,
    responses: { 200: ['The program', programView] },
    problems: { 404: 'No such program', 409: 'Not in draft or quoted (financed-flag-locked)' },
  },
  postProgramsByProgramIdReplaceCustomer: {
    method: 'post',
    path: '/finance/programs/:programId/replace-customer',
    summary: 'FIN-3 replace the program’s customer (customerId, or a new customer) on every program and invoice connected to it',
    description: 'Only while the program is not active (409 program-active). If the replaced customer has an active program elsewhere, nothing is replaced: 409 customer-has-active-programs lists them.',
    permission: 'finance:edit',
    params: programIdParams,
    body: replaceCustomerBody,
    responses: { 200: ['Replaced: both customers and the counts', customerReplacedView] },
    problems: { 404: 'No such program or replacement customer', 409: 'Refused by FIN-3', 422: 'The same customer' },
  },
  postProgramsByProgramIdInvoices: {
    method: 'post',
    path: '/finance/programs/:programId/invoices',
    summary: 'FIN-1 invoice a program: billed to its customer at the customer’s address, to its billing contact (or signer) unless one is given',
    permission: 'finance:edit',
    params: programIdParams,
    body: createInvoiceBody,
    idempotent: true,
    responses: { 201: ['The invoice', invoiceView] },
    problems: { 404: 'No such program', 409: 'Invoice number taken' },
  },
  getProgramsByProgramIdInvoices: {
    method: 'get',
    path: '/finance/programs/:programId/invoices',
    summary: 'A program’s invoices, newest first',
    permission: 'finance:view',
    params: programIdParams,
    responses: { 200: ['Invoices', invoiceListView] },
    problems: { 404: 'No such program' },
  },
  getInvoicesByInvoiceId: {
    method: 'get',
    path: '/finance/invoices/:invoiceId',
    summary: 'An invoice with its billing address and contact as on the invoice',
    permission: 'finance:view',
    params: invoiceIdParams,
    responses: { 200: ['The invoice', invoiceView] },
    problems: { 404: 'No such invoice' },
  },
});

export function programRoutes({ database, fieldCipher }: ServiceDeps): BoundRoute[] {

  return implementRoutes(programApi, {
    // FIN-1 a program in draft: one customer, contacts in roles, exactly one signer.
    postPrograms: async ({ body: input }, req, res) => {
      const { tenantId, subject } = principalOf(req);
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
    },

    // Newest first, paged by the unique keyset (created_at, id); nextBefore is opaque.
    getPrograms: async ({ query }, req, res) => {
      const { tenantId } = principalOf(req);
      const page = await inTenant(database, tenantId, (tx) => listPrograms(tx, tenantId, query));
      res.json({ items: page.items.map(toProgramView), nextBefore: page.next ? encodeKeysetCursor(page.next.createdAt, page.next.id) : null });
    },

    getProgramsByProgramId: async ({ params: { programId } }, req, res) => {
      const { tenantId } = principalOf(req);
      const found = await inTenant(database, tenantId, async (tx) => {
        const program = await findProgram(tx, tenantId, programId);
        if (!program) return undefined;
        return { program, customer: (await findCustomer(tx, tenantId, program.customerId))!, contacts: await contactsOfProgram(tx, tenantId, programId), invoices: await invoicesOfProgram(tx, tenantId, programId) };
      });
      if (!found) throw problems.notFound('program');
      res.json({ ...toProgramView(found.program), customer: toCustomerView(found.customer, fieldCipher), contacts: found.contacts.map(toProgramContactView), invoices: found.invoices.map(toInvoiceView) });
    },

    // FIN-1 the lifecycle: only the transitions a finance company allows (decision 0028).
    postProgramsByProgramIdStatus: async ({ params: { programId }, body: { status } }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const result = await changeStatus(forTenants(database, tenantId), { tenantId, programId, to: status, actor: subject });
      switch (result.outcome) {
        case 'not-found':
          throw problems.notFound('program');
        case 'refused':
          throw problems.conflict('status-transition-refused', 'Status change not allowed', result.reason, { from: result.from, to: status, allowed: result.allowed });
        default:
          res.json(toProgramView(result.program));
      }
    },

    // FIN-1 the financed flag after creation (decision 0032): while the terms can change.
    postProgramsByProgramIdFinanced: async ({ params: { programId }, body: { financed } }, req, res) => {
      const { tenantId, subject } = principalOf(req);
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
    },

    // FIN-3 replace the customer (existing, or new in this request) on every program and invoice of it.
    postProgramsByProgramIdReplaceCustomer: async ({ params: { programId }, body }, req, res) => {
      const { tenantId, subject } = principalOf(req);
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
    },

    postProgramsByProgramIdInvoices: async ({ params: { programId }, body: input }, req, res) => {
      const { tenantId, subject } = principalOf(req);
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
    },

    getProgramsByProgramIdInvoices: async ({ params: { programId } }, req, res) => {
      const { tenantId } = principalOf(req);
      const items = await inTenant(database, tenantId, async (tx) => ((await findProgram(tx, tenantId, programId)) ? invoicesOfProgram(tx, tenantId, programId) : undefined));
      if (!items) throw problems.notFound('program');
      res.json({ items: items.map(toInvoiceView) });
    },

    getInvoicesByInvoiceId: async ({ params: { invoiceId } }, req, res) => {
      const { tenantId } = principalOf(req);
      const invoice = await inTenant(database, tenantId, (tx) => findInvoice(tx, tenantId, invoiceId));
      if (!invoice) throw problems.notFound('invoice');
      res.json(toInvoiceView(invoice));
    },
  });
}

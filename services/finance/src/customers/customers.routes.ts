import { defineRoutes, implementRoutes, principalOf, problems, type BoundRoute } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { toInvoiceView, toProgramView } from '../programs/program-view';
import { createCustomer } from './create-customer';
import { connectedToCustomer, findCustomer, searchCustomers } from './customer-queries';
import { createCustomerBody, customerIdParams, searchQuery, updateCustomerBody } from './customer-schemas';
import { toAddressReviewView } from '../address-reviews/address-review-view';
import { customerView, toCustomerView } from './customer-view';
import { updateCustomer } from './update-customer';
import { customerChangedView, customerChangeInReviewView, customerDetailView, customerListView } from './customer-answer-view';

export const customerApi = defineRoutes({
  postCustomers: {
    method: 'post',
    path: '/finance/customers',
    summary: 'Create a customer (an insured)',
    permission: 'finance:edit',
    body: createCustomerBody,
    idempotent: true,
    responses: { 201: ['The customer (tax id masked)', customerView] },
  },
  getCustomers: {
    method: 'get',
    path: '/finance/customers',
    summary: 'Search customers by part of a name or email',
    permission: 'finance:view',
    query: searchQuery,
    responses: { 200: ['Customers', customerListView] },
  },
  getCustomersByCustomerId: {
    method: 'get',
    path: '/finance/customers/:customerId',
    summary: 'A customer with every program and invoice connected to it',
    permission: 'finance:view',
    params: customerIdParams,
    responses: { 200: ['The customer', customerDetailView] },
    problems: { 404: 'No such customer' },
  },
  patchCustomersByCustomerId: {
    method: 'patch',
    path: '/finance/customers/:customerId',
    summary: 'FIN-2 update a customer: applies to every program and invoice connected to it, in one transaction',
    description: 'If any connected program is financed, an address change needs `verification`: a document of this customer (uploaded, not used before) and the operator’s attestation that it names the insured and shows the new address. Without it: 409 verification-document-required listing the financed programs; nothing changes.',
    permission: 'finance:edit',
    params: customerIdParams,
    body: updateCustomerBody,
    responses: { 200: ['The customer, the changed fields and how many programs and invoices', customerChangedView], 202: ['The address change waits for review (the tenant wants address changes on financed programs reviewed): the review', customerChangeInReviewView] },
    problems: { 404: 'No such customer', 409: 'Verification document required, or an address change of the customer is under review (address-review-pending)', 422: 'The document is not this customer’s, or already used' },
  },
});

export function customerRoutes({ database, fieldCipher, config }: ServiceDeps): BoundRoute[] {

  return implementRoutes(customerApi, {
    postCustomers: async ({ body: input }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const { customer } = await createCustomer(forTenants(database, tenantId), fieldCipher, { tenantId, actor: subject, input });
      res.status(201).location(`/finance/customers/${customer.id}`).json(toCustomerView(customer, fieldCipher));
    },

    getCustomers: async ({ query: { q, limit } }, req, res) => {
      const { tenantId } = principalOf(req);
      const rows = await inTenant(database, tenantId, (tx) => searchCustomers(tx, tenantId, q, limit));
      res.json({ items: rows.map((row) => toCustomerView(row, fieldCipher)) });
    },

    // The customer with every program and invoice connected to it.
    getCustomersByCustomerId: async ({ params: { customerId } }, req, res) => {
      const { tenantId } = principalOf(req);
      const found = await inTenant(database, tenantId, async (tx) => {
        const customer = await findCustomer(tx, tenantId, customerId);
        return customer ? { customer, ...(await connectedToCustomer(tx, tenantId, customerId)) } : undefined;
      });
      if (!found) throw problems.notFound('customer');
      res.json({ customer: toCustomerView(found.customer, fieldCipher), programs: found.programs.map(toProgramView), invoices: found.invoices.map(toInvoiceView), totals: found.totals });
    },

    // FIN-2: applies to every program and invoice of the customer; an address change on financed
    // programs needs a verification document, and waits for a reviewer when the tenant wants one (0032).
    patchCustomersByCustomerId: async ({ params: { customerId }, body: input }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const result = await updateCustomer(forTenants(database, tenantId), fieldCipher, { tenantId, customerId, actor: subject, input, reviewDaySeconds: config.FINANCE_REVIEW_DAY_SECONDS });
      switch (result.outcome) {
        case 'not-found':
          throw problems.notFound('customer');
        case 'review-requested':
          res.status(202).location(`/finance/address-reviews/${result.review.id}`).json({ review: toAddressReviewView(result.review, fieldCipher) });
          return;
        case 'review-pending':
          throw problems.conflict(
            'address-review-pending',
            'Address change under review',
            'An address change of this customer waits for review: approve or reject it (or let it expire) before another. Nothing was changed.',
            { reviewId: result.review.id, review: `/finance/address-reviews/${result.review.id}` },
          );
        case 'verification-required':
          throw problems.conflict(
            'verification-document-required',
            'Verification document required',
            `The customer has ${result.financedProgramCount} financed program(s): an address change needs a third-party document (utility bill, tax document, photo ID, ...) naming the insured and the new address. ` +
              'Upload it (POST /finance/customers/{customerId}/documents) and repeat with verification: {documentId, namesInsured: true, showsNewAddress: true}. Nothing was changed.',
            { financedPrograms: result.financedPrograms, financedProgramCount: result.financedProgramCount },
          );
        case 'invalid-verification':
          throw problems.unprocessable('invalid-verification-document', 'Invalid verification document', `${result.reason} Nothing was changed.`);
        case 'unchanged':
          res.json({ customer: toCustomerView(result.customer, fieldCipher), changedFields: [], programCount: 0, invoiceCount: 0 });
          return;
        case 'updated':
          res.json({ customer: toCustomerView(result.customer, fieldCipher), changedFields: result.changedFields, programCount: result.programCount, invoiceCount: result.invoiceCount });
      }
    },
  });
}

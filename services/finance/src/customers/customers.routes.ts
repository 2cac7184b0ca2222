import { Router } from 'express';
import { idempotency, parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { toInvoiceView, toProgramView } from '../programs/program-view';
import { createCustomer } from './create-customer';
import { connectedToCustomer, findCustomer, searchCustomers } from './customer-queries';
import { createCustomerBody, customerIdParams, searchQuery, updateCustomerBody } from './customer-schemas';
import { toAddressReviewView } from '../address-reviews/address-review-view';
import { toCustomerView } from './customer-view';
import { updateCustomer } from './update-customer';

export function customerRoutes({ database, fieldCipher, idempotencyStore, config }: ServiceDeps): Router {
  const router = Router();

  router.post('/finance/customers', requirePermission('finance:edit'), idempotency(idempotencyStore), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const input = parseInput(createCustomerBody, req.body);
    const { customer } = await createCustomer(forTenants(database, tenantId), fieldCipher, { tenantId, actor: subject, input });
    res.status(201).location(`/finance/customers/${customer.id}`).json(toCustomerView(customer, fieldCipher));
  });

  router.get('/finance/customers', requirePermission('finance:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { q, limit } = parseInput(searchQuery, req.query, 'query');
    const rows = await inTenant(database, tenantId, (tx) => searchCustomers(tx, tenantId, q, limit));
    res.json({ items: rows.map((row) => toCustomerView(row, fieldCipher)) });
  });

  // The customer with every program and invoice connected to it.
  router.get('/finance/customers/:customerId', requirePermission('finance:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { customerId } = parseInput(customerIdParams, req.params, 'path');
    const found = await inTenant(database, tenantId, async (tx) => {
      const customer = await findCustomer(tx, tenantId, customerId);
      return customer ? { customer, ...(await connectedToCustomer(tx, tenantId, customerId)) } : undefined;
    });
    if (!found) throw problems.notFound('customer');
    res.json({ customer: toCustomerView(found.customer, fieldCipher), programs: found.programs.map(toProgramView), invoices: found.invoices.map(toInvoiceView), totals: found.totals });
  });

  // FIN-2: applies to every program and invoice of the customer; an address change on financed
  // programs needs a verification document, and waits for a reviewer when the tenant wants one (0032).
  router.patch('/finance/customers/:customerId', requirePermission('finance:edit'), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { customerId } = parseInput(customerIdParams, req.params, 'path');
    const input = parseInput(updateCustomerBody, req.body);
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
  });

  return router;
}

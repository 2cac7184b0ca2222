import { Router } from 'express';
import { encodeKeysetCursor, idempotency, parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { toContactView } from '../contacts/contact-view';
import { recordContactViews } from '../protected-data-access/record-contact-views';
import { toAmsSyncView } from '../ams-sync/ams-sync-view';
import { account360 } from './account-360';
import { getAccount, listAccounts } from './account-queries';
import { accountIdParams, createAccountBody, listAccountsQuery, updateAccountBody } from './account-schemas';
import { toAccountView } from './account-view';
import { createAccount } from './create-account';
import { updateAccount } from './update-account';

export function accountRoutes({ database, idempotencyStore, fieldCipher }: ServiceDeps): Router {
  const router = Router();

  router.post('/accounts', requirePermission('accounts:edit'), idempotency(idempotencyStore), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const body = parseInput(createAccountBody, req.body);
    const { account } = await createAccount(forTenants(database, tenantId), { tenantId, name: body.name, createdBy: subject });
    res.status(201).location(`/accounts/${account.id}`).json(toAccountView(account));
  });

  // Newest first, paged by the unique keyset (created_at, id); nextBefore is opaque.
  router.get('/accounts', requirePermission('accounts:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const query = parseInput(listAccountsQuery, req.query, 'query');
    const page = await inTenant(database, tenantId, (tx) => listAccounts(tx, tenantId, query));
    res.json({ items: page.items.map(toAccountView), nextBefore: page.next ? encodeKeysetCursor(page.next.createdAt, page.next.id) : null });
  });

  router.get('/accounts/:accountId', requirePermission('accounts:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { accountId } = parseInput(accountIdParams, req.params, 'path');
    const account = await inTenant(database, tenantId, (tx) => getAccount(tx, tenantId, accountId));
    if (!account) throw problems.notFound('account');
    res.json(toAccountView(account));
  });

  router.patch('/accounts/:accountId', requirePermission('accounts:edit'), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { accountId } = parseInput(accountIdParams, req.params, 'path');
    const body = parseInput(updateAccountBody, req.body);
    const result = await updateAccount(forTenants(database, tenantId), { tenantId, accountId, actor: subject, ...body });
    if (result.outcome === 'not-found') throw problems.notFound('account');
    if (result.outcome === 'refused') throw problems.conflict('status-change-refused', 'Status change refused', result.reason);
    res.json(toAccountView(result.account));
  });

  // ACC-9 Account 360.
  router.get('/accounts/:accountId/360', requirePermission('accounts:view'), async (req, res) => {
    const principal = principalOf(req);
    const { accountId } = parseInput(accountIdParams, req.params, 'path');
    const view = await account360(forTenants(database, principal.tenantId), principal.tenantId, accountId);
    if (!view) throw problems.notFound('account');
    const mayView = principal.permissions.has('protected-data:view');
    await recordContactViews(database, req, view.contacts, mayView);
    res.json({
      account: toAccountView(view.account),
      contacts: view.contacts.map((c) => ({ ...toContactView(c, fieldCipher, mayView), amsSync: toAmsSyncView(view.amsSync.get(c.id)) })),
      policies: view.policies,
      history: view.history,
    });
  });

  return router;
}

import { Router } from 'express';
import { idempotency, parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { createAccount } from '../use-cases/create-account';
import { getAccount } from '../use-cases/get-account';
import { accountIdParams, createAccountBody } from './account-schemas';

type AccountRow = Awaited<ReturnType<typeof createAccount>>;

const toView = (account: AccountRow) => ({
  id: account.id,
  name: account.name,
  status: account.status,
  createdAt: account.createdAt.toISOString(),
  updatedAt: account.updatedAt.toISOString(),
});

export function accountRoutes({ database, idempotencyStore }: ServiceDeps): Router {
  const router = Router();

  router.post('/accounts', requirePermission('accounts:edit'), idempotency(idempotencyStore), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const body = parseInput(createAccountBody, req.body);
    const account = await createAccount(database, { tenantId, name: body.name, createdBy: subject });
    res.status(201).location(`/accounts/${account.id}`).json(toView(account));
  });

  router.get('/accounts/:accountId', requirePermission('accounts:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { accountId } = parseInput(accountIdParams, req.params, 'path');
    const account = await getAccount(database, tenantId, accountId);
    if (!account) throw problems.notFound('account');
    res.json(toView(account));
  });

  return router;
}

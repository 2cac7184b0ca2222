import { defineRoutes, encodeKeysetCursor, implementRoutes, principalOf, problems, type BoundRoute } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { toContactView } from '../contacts/contact-view';
import { recordContactViews } from '../protected-data-access/record-contact-views';
import { toAmsSyncView } from '../ams-sync/ams-sync-view';
import { account360 } from './account-360';
import { account360View } from './account-360-view';
import { getAccount, listAccounts } from './account-queries';
import { accountIdParams, createAccountBody, listAccountsQuery, updateAccountBody } from './account-schemas';
import { accountPageView, accountView, toAccountView } from './account-view';
import { createAccount } from './create-account';
import { updateAccount } from './update-account';

export const accountApi = defineRoutes({
  open: {
    method: 'post',
    path: '/accounts',
    summary: 'Open an account (starts as a prospect)',
    permission: 'accounts:edit',
    body: createAccountBody,
    idempotent: true,
    responses: { 201: ['Created', accountView] },
  },
  list: {
    method: 'get',
    path: '/accounts',
    summary: 'List accounts, newest first (cursor: nextBefore)',
    permission: 'accounts:view',
    query: listAccountsQuery,
    responses: { 200: ['A page of accounts', accountPageView] },
  },
  read: {
    method: 'get',
    path: '/accounts/:accountId',
    summary: 'Read an account',
    permission: 'accounts:view',
    params: accountIdParams,
    responses: { 200: ['The account', accountView] },
    problems: { 404: 'No such account in your tenant' },
  },
  update: {
    method: 'patch',
    path: '/accounts/:accountId',
    summary: 'Rename an account or set it to prospect/inactive (cascades to its contacts, ACC-8)',
    description: 'An account with an active policy cannot be set inactive (409); "active" follows from policies (ACC-6).',
    permission: 'accounts:edit',
    params: accountIdParams,
    body: updateAccountBody,
    responses: { 200: ['Updated', accountView] },
    problems: { 404: 'No such account', 409: 'Refused by ACC-6 (status-change-refused)' },
  },
  view360: {
    method: 'get',
    path: '/accounts/:accountId/360',
    summary: 'Account 360: the account, its contacts (primary/secondary, relation), policies and history, newest first (ACC-9)',
    description: 'Protected contact fields are masked without `protected-data:view`; an answer showing them is recorded in the tenant’s access log first (X-4).',
    permission: 'accounts:view',
    params: accountIdParams,
    responses: { 200: ['The view', account360View] },
    problems: { 404: 'No such account' },
  },
});

export function accountRoutes({ database, fieldCipher }: ServiceDeps): BoundRoute[] {
  return implementRoutes(accountApi, {
    open: async ({ body }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const { account } = await createAccount(forTenants(database, tenantId), { tenantId, name: body.name, createdBy: subject });
      res.status(201).location(`/accounts/${account.id}`).json(toAccountView(account));
    },

    // Newest first, paged by the unique keyset (created_at, id); nextBefore is opaque.
    list: async ({ query }, req, res) => {
      const { tenantId } = principalOf(req);
      const page = await inTenant(database, tenantId, (tx) => listAccounts(tx, tenantId, query));
      res.json({ items: page.items.map(toAccountView), nextBefore: page.next ? encodeKeysetCursor(page.next.createdAt, page.next.id) : null });
    },

    read: async ({ params: { accountId } }, req, res) => {
      const { tenantId } = principalOf(req);
      const account = await inTenant(database, tenantId, (tx) => getAccount(tx, tenantId, accountId));
      if (!account) throw problems.notFound('account');
      res.json(toAccountView(account));
    },

    update: async ({ params: { accountId }, body }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const result = await updateAccount(forTenants(database, tenantId), { tenantId, accountId, actor: subject, ...body });
      if (result.outcome === 'not-found') throw problems.notFound('account');
      if (result.outcome === 'refused') throw problems.conflict('status-change-refused', 'Status change refused', result.reason);
      res.json(toAccountView(result.account));
    },

    // ACC-9 Account 360.
    view360: async ({ params: { accountId } }, req, res) => {
      const principal = principalOf(req);
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
    },
  });
}

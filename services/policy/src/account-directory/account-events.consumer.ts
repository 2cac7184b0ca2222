import {
  accountCreatedV1,
  accountDeletedV1,
  accountStatusChangedV2,
  accountUpdatedV1,
  agentCrmBusinessChangedV1,
  contactAddedV1,
  contactDeletedV2,
  policySyncPageAppliedV1,
  primaryContactChangedV1,
} from '@agencyflow/contracts';
import { enterTenants } from '@agencyflow/db';
import { on } from '@agencyflow/kafka';
import type { ConsumerSpec } from '@agencyflow/service-kit';
import {
  changeAccount,
  recordAccount,
  recordContact,
  recordSyncedPage,
  setPrimary,
  tombstoneAccount,
  tombstoneContact,
  tombstoneTenant,
} from '../db/directory-store';
import { recordBusiness } from '../db/business-directory-store';
import { applyAccountDeleted, applyContactDeleted } from '../db/policy-store';

/**
 * The policy service's view of the account service: the account and contact directories
 * (read models) and the policy effects of deleting contacts and accounts (ACC-3/4/5). One
 * consumer, so an account's events apply in their Kafka order; each event's effect commits with
 * its inbox row, and deletions leave tombstones, so late or repeated events change nothing.
 *
 * The group keeps its original name `policy.account-directory`: renaming a consumer group
 * would re-read the topic from the beginning under a new inbox name.
 */
export const accountEventsConsumer = (): ConsumerSpec => ({
  name: 'policy.account-directory',
  topics: ['account.events'],
  handlers: {
    ...on(accountCreatedV1, async (tx, { tenantId, data }) => {
      await recordAccount(tx, tenantId, { accountId: data.accountId, name: data.name, status: data.status });
    }),
    ...on(accountUpdatedV1, async (tx, { tenantId, data }) => {
      await changeAccount(tx, tenantId, data.accountId, { name: data.name });
    }),
    ...on(accountStatusChangedV2, async (tx, { tenantId, data }) => {
      await changeAccount(tx, tenantId, data.accountId, { status: data.status });
    }),
    ...on(accountDeletedV1, async (tx, { tenantId, data }) => {
      await tombstoneAccount(tx, tenantId, data.accountId);
      await applyAccountDeleted(tx, { tenantId, accountId: data.accountId, deletedBy: data.deletedBy });
    }),
    ...on(contactAddedV1, async (tx, { tenantId, data }) => {
      await recordContact(tx, tenantId, { contactId: data.contactId, accountId: data.accountId, role: data.role });
    }),
    // A policy-sync page's accounts and contacts arrive as one coarse event: applied set-based.
    ...on(policySyncPageAppliedV1, async (tx, { tenantId, data }) => {
      await recordSyncedPage(tx, tenantId, data);
    }),
    // A business removed by its provisioning's compensation took its tenant's accounts and contacts with it.
    // Which FMO a business belongs to and its users' NPNs: the scope a policy sync may copy (PS-4).
    // A business removed by its provisioning's compensation also takes its tenant's accounts and
    // contacts out of the directory. The event is the FMO's; the business's rows live in its own
    // tenant (its id), so the handler acts there, for a business this FMO provisioned only.
    ...on(agentCrmBusinessChangedV1, async (tx, { tenantId, data }) => {
      if (data.fmoTenantId !== tenantId) return;
      await recordBusiness(tx, { businessId: data.businessId, fmoTenantId: data.fmoTenantId, userNpns: data.userNpns, state: data.state });
      if (data.state !== 'deleted') return;
      await enterTenants(tx, [data.businessId]);
      await tombstoneTenant(tx, data.businessId);
    }),
    ...on(primaryContactChangedV1, async (tx, { tenantId, data }) => {
      await setPrimary(tx, tenantId, data.accountId, data.newPrimaryContactId);
    }),
    ...on(contactDeletedV2, async (tx, { tenantId, data }) => {
      await tombstoneContact(tx, tenantId, { contactId: data.contactId, accountId: data.accountId, role: data.role });
      if (data.newPrimaryContactId) await setPrimary(tx, tenantId, data.accountId, data.newPrimaryContactId);
      await applyContactDeleted(tx, {
        tenantId,
        accountId: data.accountId,
        contactId: data.contactId,
        newPrimaryContactId: data.newPrimaryContactId,
        movedPolicyIds: data.movedPolicyIds,
        deletedBy: data.deletedBy,
      });
      if (data.accountDeleted) {
        await tombstoneAccount(tx, tenantId, data.accountId);
        await applyAccountDeleted(tx, { tenantId, accountId: data.accountId, deletedBy: data.deletedBy });
      }
    }),
  },
});

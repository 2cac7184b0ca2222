import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  accountCreatedV1,
  accountDeletedV1,
  accountStatusChangedV1,
  accountUpdatedV1,
  contactAddedV1,
  contactDeletedV2,
  policySyncPageAppliedV1,
  primaryContactChangedV1,
} from '@agencyflow/contracts';
import { on } from '@agencyflow/kafka';
import type { ConsumerSpec } from '@agencyflow/service-kit';
import { accountDirectory, contactDirectory } from '../db/schema';
import type { Tx } from '../db/tx';
import { applyAccountDeleted, applyContactDeleted } from '../use-cases/account-event-effects';

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
      await tx
        .insert(accountDirectory)
        .values({ tenantId, accountId: data.accountId, name: data.name, status: data.status })
        .onConflictDoNothing();
    }),
    ...on(accountUpdatedV1, async (tx, { tenantId, data }) => {
      await tx
        .update(accountDirectory)
        .set({ name: data.name, updatedAt: new Date() })
        .where(liveAccount(tenantId, data.accountId));
    }),
    ...on(accountStatusChangedV1, async (tx, { tenantId, data }) => {
      await tx
        .update(accountDirectory)
        .set({ status: data.status, updatedAt: new Date() })
        .where(liveAccount(tenantId, data.accountId));
    }),
    ...on(accountDeletedV1, async (tx, { tenantId, data }) => {
      await tombstoneAccount(tx, tenantId, data.accountId);
      await applyAccountDeleted(tx, { tenantId, accountId: data.accountId, deletedBy: data.deletedBy });
    }),
    ...on(contactAddedV1, async (tx, { tenantId, data }) => {
      await tx
        .insert(contactDirectory)
        .values({ tenantId, contactId: data.contactId, accountId: data.accountId, role: data.role })
        .onConflictDoNothing();
    }),
    // A policy-sync page's accounts and contacts arrive as one coarse event: applied set-based.
    ...on(policySyncPageAppliedV1, async (tx, { tenantId, data }) => {
      if (data.accounts.length > 0) {
        await tx.execute(sql`
          insert into account_directory (tenant_id, account_id, name, status)
          select ${tenantId}, a."accountId", a.name, a.status
          from jsonb_to_recordset(${JSON.stringify(data.accounts)}::jsonb) as a("accountId" uuid, name text, status text)
          on conflict (tenant_id, account_id) do update set name = excluded.name, status = excluded.status, updated_at = now()
          where account_directory.deleted_at is null`);
      }
      if (data.contacts.length > 0) {
        await tx.execute(sql`
          insert into contact_directory (tenant_id, contact_id, account_id, role)
          select ${tenantId}, c."contactId", c."accountId", c.role
          from jsonb_to_recordset(${JSON.stringify(data.contacts)}::jsonb) as c("contactId" uuid, "accountId" uuid, role text)
          on conflict (tenant_id, contact_id) do nothing`);
      }
    }),
    ...on(primaryContactChangedV1, async (tx, { tenantId, data }) => {
      await setPrimary(tx, tenantId, data.accountId, data.newPrimaryContactId);
    }),
    ...on(contactDeletedV2, async (tx, { tenantId, data }) => {
      // Tombstone first: a policy being created for this contact holds the row FOR SHARE, so
      // this waits for it to commit and the deletion below sees (and removes) that policy too.
      await tx
        .insert(contactDirectory)
        .values({ tenantId, contactId: data.contactId, accountId: data.accountId, role: data.role, deletedAt: new Date() })
        .onConflictDoUpdate({
          target: [contactDirectory.tenantId, contactDirectory.contactId],
          set: { deletedAt: sql`coalesce(${contactDirectory.deletedAt}, now())`, updatedAt: new Date() },
        });
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

const liveAccount = (tenantId: string, accountId: string) =>
  and(eq(accountDirectory.tenantId, tenantId), eq(accountDirectory.accountId, accountId), isNull(accountDirectory.deletedAt));

async function tombstoneAccount(tx: Tx, tenantId: string, accountId: string): Promise<void> {
  await tx
    .insert(accountDirectory)
    .values({ tenantId, accountId, name: '', status: 'inactive', deletedAt: new Date() })
    .onConflictDoUpdate({
      target: [accountDirectory.tenantId, accountDirectory.accountId],
      set: { deletedAt: sql`coalesce(${accountDirectory.deletedAt}, now())`, updatedAt: new Date() },
    });
  await tx
    .update(contactDirectory)
    .set({ deletedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(contactDirectory.tenantId, tenantId), eq(contactDirectory.accountId, accountId), isNull(contactDirectory.deletedAt)));
}

/** ACC-1: one primary per account; the previous one becomes secondary. */
async function setPrimary(tx: Tx, tenantId: string, accountId: string, contactId: string): Promise<void> {
  await tx
    .update(contactDirectory)
    .set({ role: sql`case when ${contactDirectory.contactId} = ${contactId} then 'primary' else 'secondary' end`, updatedAt: new Date() })
    .where(
      and(
        eq(contactDirectory.tenantId, tenantId),
        eq(contactDirectory.accountId, accountId),
        isNull(contactDirectory.deletedAt),
        sql`(${contactDirectory.contactId} = ${contactId} or ${contactDirectory.role} = 'primary')`,
      ),
    );
}

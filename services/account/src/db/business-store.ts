import { and, asc, eq, sql } from 'drizzle-orm';
import {
  agentCrmBusinessChangedV1,
  buildEvent,
  policySyncPageAppliedV1,
  POLICY_SYNC_PART_SIZE,
  type CreateBusinessInput,
  type EventData,
} from '@agencyflow/contracts';
import { writeOutbox, type Executor } from '@agencyflow/db';
import { agentCrmBusinesses, agentCrmUsers, policySyncRuns } from './schema';

/**
 * The business store: the only writer of the Agent CRM business aggregate, a business with its
 * users and its policy sync runs (agent_crm_businesses, agent_crm_users, policy_sync_runs), and of
 * its outbox events. A business is a tenant of its own (its tenant id is its id); what is synced
 * into that tenant belongs to the account and read-model stores.
 */

export type BusinessRow = typeof agentCrmBusinesses.$inferSelect;
export type BusinessUserRow = typeof agentCrmUsers.$inferSelect;
type Change = EventData<typeof agentCrmBusinessChangedV1>['change'];

export const usersOf = (tx: Executor, businessId: string) =>
  tx.select().from(agentCrmUsers).where(eq(agentCrmUsers.businessId, businessId)).orderBy(asc(agentCrmUsers.createdAt));

const userNpnsOf = async (tx: Executor, businessId: string) => (await usersOf(tx, businessId)).map((u) => u.npn);

/** The state-carrying event of a business after a change (X-2): who may receive its policies is its users' NPNs. */
function businessChanged(business: BusinessRow, userNpns: string[], change: Change, changedBy: string, state: BusinessRow['state'] | 'deleted' = business.state) {
  return buildEvent(agentCrmBusinessChangedV1, {
    tenantId: business.fmoTenantId,
    aggregateId: business.id,
    data: {
      businessId: business.id,
      fmoTenantId: business.fmoTenantId,
      name: business.name,
      kind: business.kind,
      state,
      policySyncEnabled: business.policySyncEnabled,
      userNpns: [...new Set(userNpns)].sort(),
      change,
      changedBy,
    },
  });
}

/** A business, locked for the transaction (or undefined). */
export async function lockBusiness(tx: Executor, businessId: string): Promise<BusinessRow | undefined> {
  const [business] = await tx.select().from(agentCrmBusinesses).where(eq(agentCrmBusinesses.id, businessId)).for('update');
  return business;
}

/**
 * PS-3: the business and all its users; undefined when a business with this id exists already
 * (a retried provisioning leaves it as it is). A user email another Agent CRM user has fails the
 * statement with a unique violation (agent_crm_users_email_uq).
 */
export async function insertBusiness(tx: Executor, input: CreateBusinessInput): Promise<BusinessRow | undefined> {
  const [business] = await tx
    .insert(agentCrmBusinesses)
    .values({
      id: input.businessId,
      fmoTenantId: input.fmoTenantId,
      name: input.name,
      kind: input.kind,
      policySyncEnabled: input.policySyncEnabled,
      createdBy: input.requestedBy,
    })
    .onConflictDoNothing()
    .returning();
  if (!business) return undefined;
  await tx.insert(agentCrmUsers).values(input.users.map((u) => ({ ...u, businessId: business.id })));
  await writeOutbox(tx, [businessChanged(business, input.users.map((u) => u.npn), 'created', input.requestedBy)]);
  return business;
}

/** A provisioning business becomes active (its users may sign in); undefined when it is not provisioning. */
export async function activateBusiness(tx: Executor, businessId: string): Promise<BusinessRow | undefined> {
  const [business] = await tx
    .update(agentCrmBusinesses)
    .set({ state: 'active', updatedAt: sql`now()` })
    .where(and(eq(agentCrmBusinesses.id, businessId), eq(agentCrmBusinesses.state, 'provisioning')))
    .returning();
  if (!business) return undefined;
  await writeOutbox(tx, [businessChanged(business, await userNpnsOf(tx, businessId), 'activated', business.createdBy)]);
  return business;
}

/** PS-7: policy sync on or off. */
export async function setBusinessPolicySync(tx: Executor, business: BusinessRow, enabled: boolean, actor: string): Promise<BusinessRow> {
  const [row] = await tx
    .update(agentCrmBusinesses)
    .set({ policySyncEnabled: enabled, updatedAt: sql`now()` })
    .where(eq(agentCrmBusinesses.id, business.id))
    .returning();
  const updated = row!;
  await writeOutbox(tx, [businessChanged(updated, await userNpnsOf(tx, business.id), enabled ? 'policy-sync-enabled' : 'policy-sync-disabled', actor)]);
  return updated;
}

/** PS-8: a user joins a business; an email another Agent CRM user has fails with a unique violation. */
export async function insertBusinessUser(
  tx: Executor,
  business: BusinessRow,
  user: { name: string; email: string; npn: string },
  actor: string,
): Promise<BusinessUserRow> {
  const [row] = await tx.insert(agentCrmUsers).values({ ...user, businessId: business.id }).returning();
  await writeOutbox(tx, [businessChanged(business, await userNpnsOf(tx, business.id), 'agent-added', actor)]);
  return row!;
}

/** Removes a (locked) business with its users and runs (foreign keys cascade); its event names the users it had. */
export async function deleteBusiness(tx: Executor, business: BusinessRow, actor: string): Promise<void> {
  const userNpns = await userNpnsOf(tx, business.id);
  await tx.delete(agentCrmBusinesses).where(eq(agentCrmBusinesses.id, business.id));
  await writeOutbox(tx, [businessChanged(business, userNpns, 'deleted', actor, 'deleted')]);
}

export type SyncRunValues = typeof policySyncRuns.$inferInsert;

/** Records a sync run, or updates it as it goes on (state, totals, reason, end): the report read over HTTP. */
export async function recordSyncRun(tx: Executor, run: SyncRunValues): Promise<{ inserted: boolean }> {
  const [row] = await tx
    .insert(policySyncRuns)
    .values(run)
    .onConflictDoUpdate({ target: policySyncRuns.runId, set: { state: run.state, totals: run.totals, reason: run.reason, finishedAt: run.finishedAt, npns: run.npns } })
    .returning({ inserted: sql<boolean>`xmax = 0` });
  return { inserted: row?.inserted ?? false };
}

/**
 * PS-5: one coarse event for a whole policy-sync page (its accounts, new contacts and counts),
 * instead of one per account, contact and status change (ARCHITECTURE "Bulk work emits coarse
 * events"). It is the business's event: the page is a step of its sync.
 */
export async function announceSyncedPage(
  tx: Executor,
  businessId: string,
  data: Omit<EventData<typeof policySyncPageAppliedV1>, 'part' | 'parts'>,
): Promise<void> {
  // In parts of at most POLICY_SYNC_PART_SIZE accounts and contacts: an event never grows with the page.
  const size = POLICY_SYNC_PART_SIZE;
  const parts = Math.max(1, ...[data.accounts, data.contacts, data.updatedContacts ?? []].map((list) => Math.ceil(list.length / size)));
  const events = Array.from({ length: parts }, (_, part) =>
    buildEvent(policySyncPageAppliedV1, {
      tenantId: businessId,
      aggregateId: businessId,
      data: {
        ...data,
        part,
        parts,
        accounts: data.accounts.slice(part * size, (part + 1) * size),
        contacts: data.contacts.slice(part * size, (part + 1) * size),
        updatedContacts: (data.updatedContacts ?? []).slice(part * size, (part + 1) * size),
      },
    }),
  );
  await writeOutbox(tx, events);
}

import { and, eq, inArray, sql } from 'drizzle-orm';
import { amsSyncRequestedV1, buildEvent, type AmsKind, type AmsSyncAction } from '@agencyflow/contracts';
import { sqlOf, writeOutbox, type Executor } from '@agencyflow/db';
import { amsAccountLinks, amsConnections, amsContactLinks, amsRateSlots, amsSyncRequests } from './schema';

/**
 * The AMS store: the only writer of the AMS tables (the tenant's connection, its call slot,
 * contact and account links, sync requests), and of the ams-sync-requested event, in the
 * caller's transaction.
 */
export type AmsConnectionRow = typeof amsConnections.$inferSelect;
export type AmsContactLinkRow = typeof amsContactLinks.$inferSelect;
export type AmsSyncRequestRow = typeof amsSyncRequests.$inferSelect;

export interface AmsConnectionSettings {
  tenantId: string;
  kind: AmsKind;
  baseUrl: string;
  /** Already encrypted. */
  credentials: string;
  pollIntervalSeconds: number;
  rateLimitPerSecond: number;
  connectedBy: string;
}

/** AMS-1: at most one AMS per tenant: connecting again replaces the connection (and restarts the inbound cursor when the AMS changes). */
export async function saveAmsConnection(tx: Executor, settings: AmsConnectionSettings): Promise<AmsConnectionRow> {
  const [row] = await tx
    .insert(amsConnections)
    .values(settings)
    .onConflictDoUpdate({
      target: amsConnections.tenantId,
      set: {
        ...settings,
        inboundCursor: sql`case when ${amsConnections.kind} = excluded.kind and ${amsConnections.baseUrl} = excluded.base_url then ${amsConnections.inboundCursor} end`,
        inboundStoppedReason: null,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return row!;
}

export async function deleteAmsConnection(tx: Executor, tenantId: string): Promise<boolean> {
  const deleted = await tx.delete(amsConnections).where(eq(amsConnections.tenantId, tenantId)).returning({ tenantId: amsConnections.tenantId });
  await tx.delete(amsRateSlots).where(eq(amsRateSlots.tenantId, tenantId));
  return deleted.length > 0;
}

export async function findAmsConnection(tx: Executor, tenantId: string): Promise<AmsConnectionRow | undefined> {
  const [row] = await tx.select().from(amsConnections).where(eq(amsConnections.tenantId, tenantId));
  return row;
}

export async function setInboundState(tx: Executor, tenantId: string, change: { cursor?: string | null; reconciledAt?: Date; stoppedReason?: string | null }) {
  await tx
    .update(amsConnections)
    .set({
      ...(change.cursor !== undefined ? { inboundCursor: change.cursor } : {}),
      ...(change.reconciledAt ? { lastReconciledAt: change.reconciledAt } : {}),
      ...(change.stoppedReason !== undefined ? { inboundStoppedReason: change.stoppedReason } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(amsConnections.tenantId, tenantId));
}

/**
 * The per-tenant rate limit: takes the tenant's next call slot, 1/limit after the previous one
 * (or now, if the tenant was idle), and answers how many ms until it comes. One statement on one
 * row: every worker, for every account of the tenant, draws from the same sequence of slots.
 */
export async function takeAmsCallSlot(tx: Executor, tenantId: string, ratePerSecond: number): Promise<number> {
  const intervalMicros = Math.max(1, Math.round(1_000_000 / ratePerSecond));
  const [row] = await sqlOf(tx)<{ waitMs: number }[]>`
    insert into ams_rate_slots (tenant_id, next_slot)
    values (${tenantId}, clock_timestamp() + make_interval(secs => ${intervalMicros}::double precision / 1e6))
    on conflict (tenant_id) do update
      set next_slot = greatest(ams_rate_slots.next_slot, clock_timestamp()) + make_interval(secs => ${intervalMicros}::double precision / 1e6)
    returning greatest(0, extract(epoch from (next_slot - make_interval(secs => ${intervalMicros}::double precision / 1e6) - clock_timestamp())) * 1000)::float8 as "waitMs"`;
  return row?.waitMs ?? 0;
}

/** AMS-2: a request with its contacts' links set to queued and its event, in the request's transaction. */
export async function insertAmsSyncRequest(
  tx: Executor,
  request: { id: string; tenantId: string; accountId: string; contactId: string | null; action: AmsSyncAction; requestedBy: string; contactIds: string[] },
): Promise<void> {
  const { contactIds, ...row } = request;
  await tx.insert(amsSyncRequests).values(row);
  if (contactIds.length > 0) {
    await tx
      .insert(amsContactLinks)
      .values(contactIds.map((contactId) => ({ contactId, tenantId: request.tenantId, accountId: request.accountId, state: 'queued' as const, requestId: request.id })))
      .onConflictDoUpdate({ target: amsContactLinks.contactId, set: { state: 'queued', requestId: request.id, updatedAt: sql`now()` } });
  }
  await writeOutbox(tx, [
    buildEvent(amsSyncRequestedV1, {
      tenantId: request.tenantId,
      aggregateId: request.accountId,
      data: { requestId: request.id, accountId: request.accountId, contactId: request.contactId, action: request.action, requestedBy: request.requestedBy },
    }),
  ]);
}

/** Marks a queued request running; answers the request, or undefined when it already ran (a redelivered signal). */
export async function startAmsSyncRequest(tx: Executor, tenantId: string, requestId: string): Promise<AmsSyncRequestRow | undefined> {
  const [row] = await tx
    .update(amsSyncRequests)
    .set({ state: 'running', startedAt: sql`coalesce(${amsSyncRequests.startedAt}, now())`, updatedAt: sql`now()` })
    .where(and(eq(amsSyncRequests.tenantId, tenantId), eq(amsSyncRequests.id, requestId), inArray(amsSyncRequests.state, ['queued', 'running'])))
    .returning();
  return row;
}

export async function finishAmsSyncRequest(tx: Executor, tenantId: string, requestId: string): Promise<void> {
  await tx
    .update(amsSyncRequests)
    .set({ state: 'completed', finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(amsSyncRequests.tenantId, tenantId), eq(amsSyncRequests.id, requestId)));
}

export async function findContactLinks(tx: Executor, contactIds: string[]): Promise<AmsContactLinkRow[]> {
  if (contactIds.length === 0) return [];
  return tx.select().from(amsContactLinks).where(inArray(amsContactLinks.contactId, contactIds));
}

/** A contact's sync state as the workflow moves it (syncing, synced with its AMS id, failed with the AMS's message). */
export async function setContactLink(
  tx: Executor,
  link: { contactId: string; tenantId: string; accountId: string } & Partial<Pick<AmsContactLinkRow, 'state' | 'amsId' | 'amsRef' | 'amsKind' | 'syncedAt' | 'message' | 'lastHash' | 'lastModified' | 'requestId'>>,
): Promise<void> {
  const { contactId, tenantId, accountId, ...set } = link;
  await tx
    .insert(amsContactLinks)
    .values({ contactId, tenantId, accountId, state: set.state ?? 'synced', ...set })
    .onConflictDoUpdate({ target: amsContactLinks.contactId, set: { ...set, updatedAt: sql`now()` } });
}

/** The account an AMS customer is (AMS-7), and the hash of its status we last saw. */
export async function setAccountLink(tx: Executor, link: { accountId: string; tenantId: string; amsId: string; lastHash: string }): Promise<void> {
  await tx
    .insert(amsAccountLinks)
    .values(link)
    .onConflictDoUpdate({ target: amsAccountLinks.accountId, set: { amsId: link.amsId, lastHash: link.lastHash, updatedAt: sql`now()` } });
}

/** The AMS deleted the customer: the CRM keeps its account (history and policies are the CRM's), no longer linked. */
export async function unlinkAmsCustomer(tx: Executor, tenantId: string, amsId: string): Promise<number> {
  const unlinked = await tx.delete(amsAccountLinks).where(and(eq(amsAccountLinks.tenantId, tenantId), eq(amsAccountLinks.amsId, amsId))).returning();
  return unlinked.length;
}

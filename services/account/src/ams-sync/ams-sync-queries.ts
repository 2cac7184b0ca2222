import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { keysetText, newestFirstFilters, newestFirstPage, type Executor, type NewestFirstWindow } from '@agencyflow/db';
import { accounts, amsContactLinks, amsSyncRequests, contacts } from '../db/schema';

/** The contacts of an account in sync order (AMS-3): the primary first, then the secondaries as they were added. */
export function contactsInSyncOrder(tx: Executor, tenantId: string, accountId: string) {
  return tx
    .select({ contactId: contacts.id, role: contacts.role })
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.accountId, accountId)))
    .orderBy(sql`${contacts.role} = 'primary' desc`, asc(contacts.createdAt), asc(contacts.id));
}

/** What an AMS write needs of a contact: its fields, role, account status, and its link. */
export async function contactForAms(tx: Executor, tenantId: string, contactId: string) {
  const [row] = await tx
    .select({
      contactId: contacts.id,
      accountId: contacts.accountId,
      role: contacts.role,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      email: contacts.email,
      cellPhone: contacts.cellPhone,
      homePhone: contacts.homePhone,
      accountStatus: accounts.status,
      link: { amsId: amsContactLinks.amsId, amsKind: amsContactLinks.amsKind, state: amsContactLinks.state },
    })
    .from(contacts)
    .innerJoin(accounts, eq(accounts.id, contacts.accountId))
    .leftJoin(amsContactLinks, eq(amsContactLinks.contactId, contacts.id))
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, contactId)));
  return row;
}

/** The account's primary contact's link: a secondary may sync only once it is synced (AMS-3). */
export async function primaryLinkOf(tx: Executor, tenantId: string, accountId: string) {
  const [row] = await tx
    .select({ contactId: contacts.id, state: amsContactLinks.state, amsId: amsContactLinks.amsId, amsKind: amsContactLinks.amsKind })
    .from(contacts)
    .leftJoin(amsContactLinks, eq(amsContactLinks.contactId, contacts.id))
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.accountId, accountId), eq(contacts.role, 'primary')));
  return row;
}

/** Contacts' sync states for the contact and Account 360 views (AMS-2); a contact without a row is not synced. */
export function contactSyncStates(tx: Executor, tenantId: string, where: { accountId: string } | { contactId: string }) {
  return tx
    .select({
      contactId: amsContactLinks.contactId,
      state: amsContactLinks.state,
      amsId: amsContactLinks.amsId,
      syncedAt: amsContactLinks.syncedAt,
      message: amsContactLinks.message,
      requestId: amsContactLinks.requestId,
    })
    .from(amsContactLinks)
    .where(and(eq(amsContactLinks.tenantId, tenantId), 'accountId' in where ? eq(amsContactLinks.accountId, where.accountId) : eq(amsContactLinks.contactId, where.contactId)));
}

export async function findAmsSyncRequest(tx: Executor, tenantId: string, requestId: string) {
  const [row] = await tx.select().from(amsSyncRequests).where(and(eq(amsSyncRequests.tenantId, tenantId), eq(amsSyncRequests.id, requestId)));
  return row;
}

/** A page of the tenant's sync requests, newest first by the unique keyset (created_at, id). */
export async function listAmsSyncRequests(
  tx: Executor,
  tenantId: string,
  query: NewestFirstWindow & { state?: 'queued' | 'running' | 'completed' | undefined; accountId?: string | undefined; contactId?: string | undefined },
) {
  const t = amsSyncRequests;
  const filters: SQL[] = [eq(t.tenantId, tenantId), ...newestFirstFilters(t.createdAt, t.id, query)];
  if (query.state) filters.push(eq(t.state, query.state));
  if (query.accountId) filters.push(eq(t.accountId, query.accountId));
  if (query.contactId) filters.push(eq(t.contactId, query.contactId));
  const rows = await tx.select({ row: t, keyset: keysetText(t.createdAt) }).from(t).where(and(...filters)).orderBy(desc(t.createdAt), desc(t.id)).limit(query.limit + 1);
  return newestFirstPage(rows, query.limit);
}

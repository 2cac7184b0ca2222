import { and, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import { protectedDataAccessLog as log } from '../db/schema';
import type { ProtectedDataAccess } from '@agencyflow/contracts';

/** The log's filters, as the HTTP query validates them (access-log-schemas.ts). */
export interface AccessLogQuery {
  actor?: string | undefined;
  recordId?: string | undefined;
  access?: ProtectedDataAccess['access'] | undefined;
  source?: ProtectedDataAccess['source'] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  before?: { createdAt: string; id?: string | undefined } | undefined;
}

export interface AccessLogEntry {
  id: string;
  accessId: string;
  occurredAt: string;
  actor: string;
  actorTenantId: string;
  access: ProtectedDataAccess['access'];
  source: ProtectedDataAccess['source'];
  requestId: string | null;
  recordType: string;
  recordId: string | null;
  fields: string[];
  recordCount: number;
}

/** The time as PostgreSQL keeps it (microseconds), for the keyset a JS Date would round. */
const occurredAtText = sql<string>`to_char(${log.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A page of the tenant's protected-data access log, newest first (X-4, decision 0026). */
export async function listAccessLog(db: Executor, tenantId: string, query: AccessLogQuery) {
  const filters: SQL[] = [eq(log.tenantId, tenantId)];
  if (query.actor) filters.push(eq(log.actor, query.actor));
  if (query.recordId) filters.push(eq(log.recordId, query.recordId));
  if (query.access) filters.push(eq(log.access, query.access));
  if (query.source) filters.push(eq(log.source, query.source));
  if (query.from) filters.push(sql`${log.occurredAt} >= ${query.from}::timestamptz`);
  if (query.to) filters.push(sql`${log.occurredAt} < ${query.to}::timestamptz`);
  const { before } = query;
  if (before?.id) filters.push(sql`(${log.occurredAt}, ${log.id}) < (${before.createdAt}::timestamptz, ${before.id}::uuid)`);
  else if (before) filters.push(sql`${log.occurredAt} < ${before.createdAt}::timestamptz`);
  const rows = await db
    .select({ ...getTableColumns(log), keyset: occurredAtText })
    .from(log)
    .where(and(...filters))
    .orderBy(desc(log.occurredAt), desc(log.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = rows.length > query.limit ? page[page.length - 1]! : undefined;
  return { items: page.map(toEntryView), next: last ? { createdAt: last.keyset, id: last.id } : null };
}

function toEntryView(row: typeof log.$inferSelect): AccessLogEntry {
  return {
    id: row.id,
    accessId: row.accessId,
    occurredAt: row.occurredAt.toISOString(),
    actor: row.actor,
    actorTenantId: row.actorTenantId,
    access: row.access as AccessLogEntry['access'],
    source: row.source as AccessLogEntry['source'],
    requestId: row.requestId,
    recordType: row.recordType,
    recordId: row.recordId,
    fields: row.fields,
    recordCount: row.recordCount,
  };
}

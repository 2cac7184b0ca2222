import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from './client';
import { idempotencyKeys } from './schema/idempotency';

type Claim =
  | { state: 'new' }
  | { state: 'replay'; statusCode: number; body: unknown; headers: Record<string, string> }
  | { state: 'applied'; aggregateId: string | null }
  | { state: 'in-progress' }
  | { state: 'mismatch' };

/**
 * How long a claim holds without being renewed. The request that made it renews it while it
 * runs (every third of this), so a long request keeps its key, and a request whose process died
 * frees it for a retry within this time instead of blocking the key for minutes.
 */
export const IDEMPOTENCY_LEASE_MS = 30_000;

/** The Idempotency-Key store over a service's own `idempotency_keys` table. */
export function createIdempotencyStore(database: Database, { leaseMs = IDEMPOTENCY_LEASE_MS }: { leaseMs?: number } = {}) {
  const { db } = database;
  const where = (tenantId: string, key: string) => and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key));
  const leaseEnd = sql`now() + ${`${leaseMs} milliseconds`}::interval`;
  return {
    leaseMs,
    async claim(tenantId: string, key: string, requestHash: string): Promise<Claim> {
      const inserted = await db
        .insert(idempotencyKeys)
        .values({ tenantId, key, requestHash, leaseUntil: leaseEnd })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (inserted.length > 0) return { state: 'new' };
      const [row] = await db.select().from(idempotencyKeys).where(where(tenantId, key));
      if (!row) return { state: 'new' };
      if (row.requestHash !== requestHash) return { state: 'mismatch' };
      if (row.statusCode !== null) return { state: 'replay', statusCode: row.statusCode, body: row.responseBody, headers: row.responseHeaders ?? {} };
      // Done, but its answer was never stored (the process died after the commit): never again.
      if (row.effectAt !== null) return { state: 'applied', aggregateId: row.effectAggregateId };
      // The claim's process died before any effect: its lease runs out, and a retry takes over.
      const taken = await db
        .update(idempotencyKeys)
        .set({ leaseUntil: leaseEnd })
        .where(and(where(tenantId, key), isNull(idempotencyKeys.effectAt), isNull(idempotencyKeys.statusCode), lt(idempotencyKeys.leaseUntil, sql`now()`)))
        .returning({ key: idempotencyKeys.key });
      return taken.length > 0 ? { state: 'new' } : { state: 'in-progress' };
    },
    /** Extends the lease of a claim still in progress (no answer stored yet). */
    async renew(tenantId: string, key: string): Promise<void> {
      await db
        .update(idempotencyKeys)
        .set({ leaseUntil: leaseEnd })
        .where(and(where(tenantId, key), isNull(idempotencyKeys.statusCode)));
    },
    async complete(tenantId: string, key: string, statusCode: number, body: unknown, headers: Record<string, string> = {}): Promise<void> {
      await db
        .update(idempotencyKeys)
        .set({
          statusCode,
          responseBody: sql`${JSON.stringify(body ?? null)}::jsonb`,
          responseHeaders: sql`${JSON.stringify(headers)}::jsonb`,
          leaseUntil: null,
        })
        .where(where(tenantId, key));
    },
    /** Forgets a claim whose request was refused or failed, unless its effect was committed. */
    async release(tenantId: string, key: string): Promise<void> {
      await db.delete(idempotencyKeys).where(and(where(tenantId, key), isNull(idempotencyKeys.effectAt)));
    },
  };
}

import { and, eq, sql } from 'drizzle-orm';
import type { Database } from './client';
import { idempotencyKeys } from './schema/idempotency';

type Claim =
  | { state: 'new' }
  | { state: 'replay'; statusCode: number; body: unknown }
  | { state: 'in-progress' }
  | { state: 'mismatch' };

/** The Idempotency-Key store over a service's own `idempotency_keys` table. */
export function createIdempotencyStore(database: Database) {
  const { db } = database;
  const where = (tenantId: string, key: string) =>
    and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key));
  return {
    async claim(tenantId: string, key: string, requestHash: string): Promise<Claim> {
      const inserted = await db
        .insert(idempotencyKeys)
        .values({ tenantId, key, requestHash })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (inserted.length > 0) return { state: 'new' };
      const [row] = await db.select().from(idempotencyKeys).where(where(tenantId, key));
      if (!row) return { state: 'new' };
      if (row.requestHash !== requestHash) return { state: 'mismatch' };
      if (row.statusCode === null) return { state: 'in-progress' };
      return { state: 'replay', statusCode: row.statusCode, body: row.responseBody };
    },
    async complete(tenantId: string, key: string, statusCode: number, body: unknown): Promise<void> {
      await db
        .update(idempotencyKeys)
        .set({ statusCode, responseBody: sql`${JSON.stringify(body ?? null)}::jsonb` })
        .where(where(tenantId, key));
    },
    async release(tenantId: string, key: string): Promise<void> {
      await db.delete(idempotencyKeys).where(where(tenantId, key));
    },
  };
}

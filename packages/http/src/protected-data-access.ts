import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { MAX_ACCESS_ENTRIES, type ProtectedDataAccess, type ProtectedDataAccessEntry, type ProtectedDataAccessKind } from '@agencyflow/contracts';
import { principalOf } from './auth';

type Source = ProtectedDataAccess['source'];

/**
 * The accesses a request makes when its answer shows protected fields unmasked (X-4, decision
 * 0026): none when it shows none (nothing to record), else one per MAX_ACCESS_ENTRIES records.
 * A record whose protected fields were all empty showed nothing protected and is left out.
 */
export function accessesOf(req: Request, source: Source, access: ProtectedDataAccessKind, entries: ProtectedDataAccessEntry[]): ProtectedDataAccess[] {
  const shown = entries.filter((entry) => entry.fields.length > 0 || entry.recordType === 'temporal-payloads');
  const caller = principalOf(req);
  const occurredAt = new Date().toISOString();
  const accesses: ProtectedDataAccess[] = [];
  for (let start = 0; start < shown.length; start += MAX_ACCESS_ENTRIES) {
    accesses.push({
      accessId: randomUUID(),
      actor: caller.subject,
      actorTenantId: caller.tenantId,
      access,
      source,
      requestId: req.requestId ?? null,
      occurredAt,
      entries: shown.slice(start, start + MAX_ACCESS_ENTRIES),
    });
  }
  return accesses;
}

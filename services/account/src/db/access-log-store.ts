import type { ProtectedDataAccess } from '@agencyflow/contracts';
import { sqlOf, type Executor } from '@agencyflow/db';

/**
 * The protected-data access log store (X-4, decision 0026): the only writer of
 * protected_data_access_log. Append-only: an access is recorded once, whatever number of times it
 * arrives (a redelivered event, a retried call), and never changed after.
 */
export async function recordAccess(tx: Executor, tenantId: string, access: ProtectedDataAccess): Promise<void> {
  const { entries } = access;
  await sqlOf(tx)`
    insert into protected_data_access_log (
      tenant_id, access_id, entry_no, occurred_at, actor, actor_tenant_id, access, source, request_id,
      record_type, record_id, fields, record_count)
    select ${tenantId}, ${access.accessId}, e.entry_no, ${access.occurredAt}, ${access.actor}, ${access.actorTenantId},
      ${access.access}, ${access.source}, ${access.requestId}, e.record_type, e.record_id,
      string_to_array(e.fields, ','), e.record_count
    from unnest(
      ${entries.map((_, n) => n)}::int[], ${entries.map((e) => e.recordType)}::text[], ${entries.map((e) => e.recordId)}::text[],
      ${entries.map((e) => e.fields.join(','))}::text[], ${entries.map((e) => e.recordCount)}::int[]
    ) as e(entry_no, record_type, record_id, fields, record_count)
    on conflict (tenant_id, access_id, entry_no) do nothing`;
}

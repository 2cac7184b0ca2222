import type { OutgoingEvent } from '@agencyflow/contracts';
import { activeTraceId, activeTraceparent } from '@agencyflow/telemetry';
import { sqlOf, type Executor } from './executor';
import { currentIdempotentRequest } from './idempotency-scope';

export const OUTBOX_CHANNEL = 'agencyflow_outbox';

/**
 * The one outbox writer of the house: writes events inside the caller's transaction, one
 * INSERT for any number of events, in the given order. The NOTIFY is delivered only when that
 * transaction commits, which wakes the relay without polling delay. Envelopes go as text and are
 * cast, so the same statement serves one interactive event and a page's coarse events.
 * The active trace goes with them (decision 0034): its id as each envelope's correlationId, and
 * the writing span's W3C traceparent in the row, for the relay to continue the trace into Kafka.
 */
export async function writeOutbox(tx: Executor, events: readonly OutgoingEvent[]): Promise<void> {
  if (events.length === 0) return;
  const sql = sqlOf(tx);
  const traceparent = activeTraceparent() ?? null;
  const correlationId = activeTraceId();
  const envelopes = events.map((e) => JSON.stringify(correlationId && !e.envelope.correlationId ? { ...e.envelope, correlationId } : e.envelope));
  await sql`
    insert into outbox (event_id, topic, message_key, envelope, traceparent)
    select e.event_id, e.topic, e.message_key, e.envelope::jsonb, ${traceparent}::text
    from unnest(
      ${events.map((e) => e.envelope.id)}::uuid[], ${events.map((e) => e.topic)}::text[],
      ${events.map((e) => e.envelope.aggregateId)}::text[], ${envelopes}::text[]
    ) with ordinality as e(event_id, topic, message_key, envelope, n)
    order by e.n`;
  await sql`select pg_notify(${OUTBOX_CHANNEL}, '')`;
  // Every effect writes its events here, so this is where an idempotent request's effect is
  // recorded against its key, in the same transaction: a retry after a lost answer will know.
  const request = currentIdempotentRequest();
  if (request) {
    await sql`
      update idempotency_keys set effect_at = coalesce(effect_at, now()),
        effect_aggregate_id = coalesce(effect_aggregate_id, ${events[0]!.envelope.aggregateId})
      where tenant_id = ${request.tenantId} and key = ${request.key}`;
  }
}

import type { IHeaders } from 'kafkajs';
import type { EventEnvelope } from '@agencyflow/contracts';
import {
  context,
  contextFromTraceparent,
  injectTraceHeaders,
  SpanKind,
  SpanStatusCode,
  trace,
  tracer,
  type Span,
} from '@agencyflow/telemetry';

/**
 * The span of one outbox row's publish, a child of the span that wrote the row (its stored
 * traceparent); none for a row written outside a trace. Its context goes into the message's
 * headers, for the consumer to continue (decision 0034). Attributes are ids only.
 */
export function startPublishSpan(row: { traceparent: string | null; envelope: { id: string; type: string } }, topic: string): Span | undefined {
  if (!row.traceparent) return undefined;
  return tracer().startSpan(
    `publish ${row.envelope.type}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.message.id': row.envelope.id },
    },
    contextFromTraceparent(row.traceparent),
  );
}

/** `traceparent` (and `tracestate`) headers naming the span; none without one. */
export const traceHeaders = (span: Span | undefined): Record<string, string> => (span ? injectTraceHeaders(span, {}) : {});

/** Ends the publish spans of a send, marking them failed when it failed. */
export function endPublishSpans(spans: Array<Span | undefined>, error?: unknown): void {
  for (const span of spans) {
    if (!span) continue;
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
    span.end();
  }
}

const headerText = (value: IHeaders[string]): string | undefined => {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
};

/**
 * Runs one event's handler in a CONSUMER span, the child of the publish span named by the
 * message's `traceparent` (a root span for a message without one), so whatever the handler logs
 * or writes to its own outbox stays in the trace.
 */
export async function inConsumeSpan<T>(
  message: { headers?: IHeaders },
  event: EventEnvelope,
  consumerGroup: string,
  handle: () => Promise<T>,
): Promise<T> {
  const headers = message.headers ?? {};
  const parent = contextFromTraceparent(headerText(headers.traceparent), headerText(headers.tracestate));
  const span = tracer().startSpan(
    `process ${event.type}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.consumer.group.name': consumerGroup,
        'messaging.message.id': event.id,
        'agencyflow.tenant_id': event.tenantId,
        'agencyflow.aggregate_id': event.aggregateId,
      },
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), handle);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
    throw error;
  } finally {
    span.end();
  }
}

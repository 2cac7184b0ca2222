import { context, ROOT_CONTEXT, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/** The one tracer of the platform's own spans (HTTP, outbox publish, event consumers). */
export const tracer = (): Tracer => trace.getTracer('agencyflow');

// Used directly (not the global propagator), so the format of what is stored and sent never
// depends on what a process registered.
const w3c = new W3CTraceContextPropagator();

/** The W3C `traceparent` of the active span, or undefined when there is none (stored with outbox rows). */
export const activeTraceparent = (): string | undefined => activeTraceHeaders().traceparent;

/** `traceparent` (and `tracestate`) headers of the active span for a call to another service; empty outside a trace. */
export function activeTraceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  w3c.inject(context.active(), headers, { set: (c, k, v) => (c[k] = v) });
  return headers;
}

/** The context a `traceparent` (and optional `tracestate`) names, as a remote parent; ROOT when absent or malformed. */
export function contextFromTraceparent(traceparent: string | undefined, tracestate?: string): Context {
  if (!traceparent) return ROOT_CONTEXT;
  const carrier: Record<string, string> = { traceparent, ...(tracestate ? { tracestate } : {}) };
  return w3c.extract(ROOT_CONTEXT, carrier, { get: (c, k) => c[k], keys: (c) => Object.keys(c) });
}

/** Writes the span's context into message headers (`traceparent`, `tracestate`). */
export function injectTraceHeaders(span: Span, headers: Record<string, string>): Record<string, string> {
  w3c.inject(trace.setSpan(ROOT_CONTEXT, span), headers, { set: (c, k, v) => (c[k] = v) });
  return headers;
}

/** trace_id and span_id of the active span, for log lines; undefined when no span is active. */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return trace.isSpanContextValid(span.spanContext()) ? { trace_id: traceId, span_id: spanId } : undefined;
}

/** The trace id of the active span: the correlation id events carry (decision 0034). */
export const activeTraceId = (): string | undefined => activeTraceIds()?.trace_id;

export { context, propagation, trace, SpanKind, SpanStatusCode, type Span, type Context } from '@opentelemetry/api';

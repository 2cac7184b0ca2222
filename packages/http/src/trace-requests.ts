import type { RequestHandler } from 'express';
import { context, contextFromTraceparent, injectTraceHeaders, SpanKind, SpanStatusCode, trace, tracer } from '@agencyflow/telemetry';

/** Probes and scrapes: a span each every few seconds would bury the requests worth reading. */
const untraced = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One SERVER span per request, a child of the caller's W3C `traceparent` when it sends one
 * (decision 0034). Mounted after the body is parsed: the rest of the request (routes, workflow
 * starts, outbox writes, log lines) runs inside the span's context. Attributes are the method,
 * the matched route template (never the raw path or query, which may hold search terms), the
 * status and the request id: no protected data.
 */
export const traceRequests: RequestHandler = (req, res, next) => {
  if (untraced.has(req.path)) return next();
  const header = req.header('traceparent');
  const parent = contextFromTraceparent(header, req.header('tracestate'));
  const span = tracer().startSpan(
    `${req.method}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'agencyflow.request_id': req.requestId } },
    parent,
  );
  // The caller learns the trace id of its request (W3C trace-context level 2), to find its logs and events.
  res.setHeader('traceresponse', injectTraceHeaders(span, {}).traceparent ?? '');
  res.on('finish', () => {
    const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : undefined;
    if (route) {
      span.setAttribute('http.route', route);
      span.updateName(`${req.method} ${route}`);
    }
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
};

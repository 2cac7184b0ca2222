import type { Request, RequestHandler } from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';

/** The route as declared (`/contacts/:contactId`), never the path a caller sent (ids would explode the labels). */
const routeOf = (req: Request): string => (req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched');

/**
 * HTTP rate, errors and latency by route (issue 13): one histogram of durations and one counter of
 * answers, labelled by method, declared route and status class (2xx ... 5xx).
 */
export function httpMetrics(registry: Registry): RequestHandler {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, declared route and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const answers = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, declared route and status class',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const labels = { method: req.method, route: routeOf(req), status: `${Math.floor(res.statusCode / 100)}xx` };
      duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      answers.inc(labels);
    });
    next();
  };
}

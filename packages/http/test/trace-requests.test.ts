import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { createLogger } from '@agencyflow/logger';
import { activeTraceIds, recordSpans } from '@agencyflow/telemetry';
import { createBaseApp, finishApp } from '../src';

const spans = recordSpans();
const options = { logger: createLogger({ name: 'trace-requests-test', level: 'silent' }), bodyLimit: '1kb' };

describe('a span per HTTP request', () => {
  const app = createBaseApp(options);
  app.post('/accounts/:accountId/notes', (req, res) => {
    // Handlers run inside the request's span (outbox writes and workflow starts continue it).
    res.status(201).json({ seen: activeTraceIds() });
  });
  finishApp(app, options);

  it("continues the caller's W3C traceparent, names the route template (not the path), and leaves the body and query out", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await request(app)
      .post('/accounts/a-123/notes?q=maria.canary@example.com')
      .set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`)
      .send({ text: 'private note' })
      .expect(201);
    const span = spans.getFinishedSpans().find((s) => s.spanContext().traceId === traceId);
    expect(span?.name).toBe('POST /accounts/:accountId/notes');
    expect(span?.parentSpanId).toBe('00f067aa0ba902b7');
    expect(res.body.seen).toEqual({ trace_id: traceId, span_id: span?.spanContext().spanId });
    expect(res.headers.traceresponse).toBe(`00-${traceId}-${span?.spanContext().spanId}-01`);
    expect(span?.attributes).toMatchObject({ 'http.route': '/accounts/:accountId/notes', 'http.response.status_code': 201 });
    expect(JSON.stringify(span?.attributes)).not.toMatch(/canary|private note|a-123/);
  });

  it('starts a trace of its own for a request without traceparent; probes are not traced', async () => {
    spans.reset();
    await request(app).post('/accounts/a-1/notes').send({}).expect(201);
    await request(app).get('/healthz').expect(404);
    const finished = spans.getFinishedSpans();
    expect(finished.map((s) => s.name)).toEqual(['POST /accounts/:accountId/notes']);
    expect(finished[0]!.parentSpanId).toBeUndefined();
  });
});

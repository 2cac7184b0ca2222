import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpTracesUrl, startTracing, tracer } from '../src';

describe('OTLP export', () => {
  let server: http.Server;
  const received: Array<{ path: string; body: string }> = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('OTEL_EXPORTER_OTLP_ENDPOINT set: finished spans are sent to <endpoint>/v1/traces with the service name', async () => {
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tracing = startTracing({ serviceName: 'policy-service', env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } });
    expect(tracing.exporting).toBe(true);
    const traceId = tracer().startActiveSpan('exported work', (span) => {
      span.end();
      return span.spanContext().traceId;
    });
    await tracing.shutdown(); // flushes the batch
    expect(received.map((r) => r.path)).toEqual(['/v1/traces']);
    const body = received[0]!.body;
    expect(body).toContain('exported work');
    expect(body).toContain('policy-service');
    expect(body).toContain(traceId);
  });

  it('the traces URL is <endpoint>/v1/traces, or the traces endpoint as given; none without either', () => {
    expect(otlpTracesUrl({})).toBeUndefined();
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe('http://collector:4318/v1/traces');
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b/traces' })).toBe('http://b/traces');
  });
});

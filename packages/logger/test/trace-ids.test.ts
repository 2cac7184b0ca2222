import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startTracing, tracer } from '@agencyflow/telemetry';
import { createLogger } from '../src';

startTracing({ serviceName: 'logger-test' });

function captureLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger({ name: 'test', destination }), lines };
}

describe('logger and traces', () => {
  it('a line logged inside a span carries its trace_id and span_id; a line outside any span carries neither', () => {
    const { logger, lines } = captureLogger();
    const ids = tracer().startActiveSpan('work', (span) => {
      logger.info({ accountId: 'a-1' }, 'inside');
      span.end();
      return span.spanContext();
    });
    logger.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside', accountId: 'a-1', trace_id: ids.traceId, span_id: ids.spanId });
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(lines[1]).not.toHaveProperty('trace_id');
    expect(lines[1]).not.toHaveProperty('span_id');
  });
});

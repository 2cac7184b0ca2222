import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src';

function captureLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ name: 'test', destination }), lines };
}

describe('logger', () => {
  it('X-4 never writes protected fields to a log line, at any depth', () => {
    const { logger, lines } = captureLogger();
    logger.info(
      {
        contact: { firstName: 'Ada', ssn: '123-45-6789', date_of_birth: '1950-01-02', policy: { MBI: '1EG4TE5MK73' } },
        headers: { Authorization: 'Bearer abc.def' },
      },
      'contact saved',
    );
    const text = lines.join('');
    expect(text).toContain('Ada');
    for (const secret of ['123-45-6789', '1950-01-02', '1EG4TE5MK73', 'abc.def']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});

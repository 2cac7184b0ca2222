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
  it('X-4 an error is logged without the values its statement carried: not drizzle params, not the driver detail, not its own fields', () => {
    const { logger, lines } = captureLogger();
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "contacts_email_key"'), {
      code: '23505',
      detail: 'Key (email)=(maria.canary@example.com) already exists.',
      parameters: ['maria.canary@example.com', '1954-03-18'],
    });
    const error = Object.assign(new Error('Failed query: insert into contacts (email, date_of_birth) values ($1, $2)\nparams: maria.canary@example.com,1954-03-18', { cause }), {
      params: ['maria.canary@example.com', '1954-03-18'],
    });
    logger.error({ err: error, nested: { failure: error } }, 'write failed');
    const text = lines.join('');
    expect(text).toContain('duplicate key value violates unique constraint');
    expect(text).toContain('23505');
    expect(text).toMatch(/at .*redact\.test\.ts/);
    for (const secret of ['maria.canary', '1954-03-18']) expect(text).not.toContain(secret);
  });

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

import { describe, expect, it } from 'vitest';
import { DrizzleQueryError } from 'drizzle-orm';
import { isInfrastructureFailure } from '../src';

const coded = (code: string, message = 'down') => Object.assign(new Error(message), { code });

describe('which consumer failures are the infrastructure’s, not the event’s', () => {
  it('X-6 database and network outages are retried later, never dead-lettered', () => {
    for (const code of ['08006', '08001', '57P01', '53300', '40001', '40P01', 'ECONNREFUSED', 'ECONNRESET', 'CONNECTION_CLOSED', 'CONNECT_TIMEOUT']) {
      expect(isInfrastructureFailure(Object.assign(new Error('down'), { code }))).toBe(true);
    }
  });

  it('a rule violation or bad data is the event’s problem (dead-lettered after retries)', () => {
    for (const error of [new Error('boom'), Object.assign(new Error('unique'), { code: '23505' }), Object.assign(new Error('check'), { code: '23514' })]) {
      expect(isInfrastructureFailure(error)).toBe(false);
    }
  });

  it('X-6 an outage wrapped by drizzle (or anything else) under .cause is still the infrastructure’s', () => {
    const terminated = coded('57P01', 'terminating connection due to administrator command');
    expect(isInfrastructureFailure(new DrizzleQueryError('insert into inbox ...', [], terminated))).toBe(true);
    expect(isInfrastructureFailure(new Error('wrapped', { cause: terminated }))).toBe(true);
    expect(isInfrastructureFailure(new Error('twice', { cause: new Error('wrapped', { cause: coded('ECONNRESET') }) }))).toBe(true);
    expect(isInfrastructureFailure(Object.assign(new Error('plain object cause'), { cause: { code: 'CONNECTION_CLOSED' } }))).toBe(true);
  });

  it('a wrapped rule violation stays the event’s; odd cause chains end the walk', () => {
    expect(isInfrastructureFailure(new DrizzleQueryError('insert ...', [], coded('23505', 'duplicate key')))).toBe(false);
    expect(isInfrastructureFailure(new Error('wrapped', { cause: 'ECONNRESET' }))).toBe(false);
    const cyclic: Error & { cause?: unknown } = new Error('cyclic');
    cyclic.cause = cyclic;
    expect(isInfrastructureFailure(cyclic)).toBe(false);
    // Deeper than a few levels is not followed: a real wrap is one or two levels.
    let deep: unknown = coded('57P01');
    for (let i = 0; i < 10; i++) deep = new Error(`level ${i}`, { cause: deep });
    expect(isInfrastructureFailure(deep)).toBe(false);
    expect(isInfrastructureFailure(undefined)).toBe(false);
    expect(isInfrastructureFailure('ECONNRESET')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { isInfrastructureFailure } from '../src';

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
});

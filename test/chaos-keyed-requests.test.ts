import { describe, expect, it } from 'vitest';
import { keyedRequestsUnderServiceKills } from '../chaos/keyed-requests.chaos';

/**
 * The short version of `npm run chaos -- keyed-requests-service-kill` (X-5, X-6): households
 * created through keyed requests while the services taking them are kill -9'ed, every lost
 * answer retried with the same Idempotency-Key.
 */
describe('chaos: keyed requests survive the service dying under them', () => {
  it('X-5 X-6 X-2 with the account and policy services kill -9ed mid-request, every retried request has exactly one effect and one event', async () => {
    const result = await keyedRequestsUnderServiceKills({ households: 80, kills: 1 });
    expect(result.faults.length).toBeGreaterThan(0);
    expect(result).toMatchObject({ missing: 0, duplicated: 0, deadLettered: 0, statusMismatches: 0 });
    expect(result.present).toEqual(result.expected);
  }, 900_000);
});

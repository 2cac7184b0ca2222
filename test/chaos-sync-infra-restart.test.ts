import { describe, expect, it } from 'vitest';
import { syncUnderInfraRestarts } from '../chaos/sync-infra-restart.chaos';

/**
 * The short version of `npm run chaos -- sync-infra-restart`: PostgreSQL crashed and
 * restarted, then the Temporal server killed and restarted, while a policy sync runs.
 */
describe('chaos: a policy sync survives PostgreSQL and Temporal restarting under it', () => {
  it('X-6 PS-4 PS-5 with PostgreSQL stopped immediately and Temporal kill -9ed mid-sync, nothing is missing, duplicated or dead-lettered and every status is right', async () => {
    const result = await syncUnderInfraRestarts({ policies: 600, pageSize: 10 });
    expect(result.faults).toHaveLength(2);
    expect(result).toMatchObject({ missing: 0, duplicated: 0, deadLettered: 0, statusMismatches: 0, runState: 'completed' });
    expect(result.present).toEqual(result.expected);
  }, 900_000);
});

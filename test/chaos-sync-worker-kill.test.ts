import { describe, expect, it } from 'vitest';
import { syncUnderWorkerKills } from '../chaos/sync-worker-kill.chaos';

/**
 * The short version of `npm run chaos -- sync-worker-kill`: services and the workflow worker
 * as separate processes, the worker kill -9ed while a policy sync runs, then everything counted.
 */
describe('chaos: a policy sync survives its workflow worker being killed', () => {
  it('X-6 PS-4 PS-5 with the worker kill -9ed mid-sync, nothing is missing, duplicated or dead-lettered and every status is right', async () => {
    const result = await syncUnderWorkerKills({ policies: 300, pageSize: 10, kills: 1 });
    expect(result.faults.length).toBeGreaterThan(0);
    expect(result).toMatchObject({ missing: 0, duplicated: 0, deadLettered: 0, statusMismatches: 0, runState: 'completed' });
    expect(result.present).toEqual(result.expected);
  }, 600_000);
});

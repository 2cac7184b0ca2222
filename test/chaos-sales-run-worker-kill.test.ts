import { describe, expect, it } from 'vitest';
import { salesRunUnderWorkerKills } from '../chaos/sales-run-worker-kill.chaos';

/**
 * The short version of `npm run chaos -- sales-run-worker-kill`: the account and sales
 * services and the workflow worker as separate processes, the worker kill -9ed while a mass
 * sales-record run decides its pages, then every individual's record counted.
 */
describe('chaos: a mass sales-record run survives its workflow worker being killed', () => {
  it('SR-3 X-6 with the worker kill -9ed mid-run, no individual is missing a record or has two, nothing is dead-lettered', async () => {
    const result = await salesRunUnderWorkerKills({ individuals: 200, pageSize: 10, kills: 1 });
    expect(result.faults.length).toBeGreaterThan(0);
    expect(result).toMatchObject({ missing: 0, duplicated: 0, deadLettered: 0, runState: 'completed', expected: 200, present: 200 });
  }, 600_000);
});

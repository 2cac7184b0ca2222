import { describe, expect, it } from 'vitest';
import { multinodeRun } from '../chaos/multinode.chaos';

/**
 * The short version of `npm run multinode` (X-2, X-6, PS-4..PS-6): a three-broker Kafka cluster
 * and two replicas of each service and the workflow worker; one broker and one replica of each
 * kill -9'ed while an Agent CRM sync and interactive changes run.
 */
describe('multinode: a sync and interactive changes survive a dead broker and a dead replica of each deployable', () => {
  it('X-2 X-6 PS-4 PS-5 on three brokers (replication 3, min ISR 2) and two replicas each, with a broker and a replica of each kill -9ed mid-run, nothing is missing, duplicated or dead-lettered and every status is right', async () => {
    const result = await multinodeRun({ policies: 300, pageSize: 10, changes: 200, households: 20 });
    expect(result.killed).toHaveLength(4);
    expect(result.killed[0]).toMatch(/^broker [123]$/);
    expect(result.killed.slice(1)).toEqual([expect.stringMatching(/^account#[01]$/), expect.stringMatching(/^policy#[01]$/), expect.stringMatching(/^worker#[01]$/)]);
    expect(result.faults.at(-1)).toMatch(/^started broker [123] again/);
    expect(result).toMatchObject({ missing: 0, duplicated: 0, deadLettered: 0, statusMismatches: 0, sync: { runState: 'completed' } });
    expect(result.sync.present).toEqual(result.sync.expected);
    expect(result.changes.present).toEqual(result.changes.expected);
    expect(result.changes.n).toBeGreaterThanOrEqual(200);
    expect(result.summary).toMatch(/^multinode: 300 policies and \d+ changes, 0 missing, 0 duplicated, 0 dead-lettered, 0 wrong statuses; killed broker \d, account#\d, policy#\d, worker#\d$/);
  }, 900_000);
});

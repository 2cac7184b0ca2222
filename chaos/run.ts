/**
 * `npm run chaos -- <scenario> [--policies N --page-size N --kills N --changes N]`, `--list`, or `all`: runs
 * fault scenarios against the real infrastructure on 127.0.0.1, each part of the system in a
 * process of its own, and writes bench-results/chaos-<scenario>.json with what it counted
 * (expected, present, missing, duplicated, deadLettered). A short version of each runs in
 * `npm test` (test/chaos-*.test.ts); these are the full-size ones.
 */
import { arg, log, writeResult } from '../bench/support';
import { eventsUnderBrokerRestarts } from './interactive-events.chaos';
import { keyedRequestsUnderServiceKills } from './keyed-requests.chaos';
import { syncUnderInfraRestarts } from './sync-infra-restart.chaos';
import { syncUnderWorkerKills } from './sync-worker-kill.chaos';
import { salesRunUnderWorkerKills } from './sales-run-worker-kill.chaos';
import { multinodeRun } from './multinode.chaos';

const scenarios: Record<string, { about: string; run: () => Promise<Record<string, unknown>> }> = {
  'sync-worker-kill': {
    about: 'an Agent CRM sync of 100,000 policies with the workflow worker kill -9ed three times at random pages',
    run: async () => ({
      ...(await syncUnderWorkerKills({ policies: arg('policies', 100_000), pageSize: arg('page-size', 1000), kills: arg('kills', 3), log })),
    }),
  },
  'sync-infra-restart': {
    about: 'the same sync with PostgreSQL stopped in immediate mode once and the Temporal server kill -9ed once, mid-run',
    run: async () => ({ ...(await syncUnderInfraRestarts({ policies: arg('policies', 100_000), pageSize: arg('page-size', 1000), log })) }),
  },
  'events-broker-restart': {
    about: '100,000 interactive events (account renames, policy changes) with the Kafka broker kill -9ed twice and a consumer process kill -9ed three times',
    run: async () => ({
      ...(await eventsUnderBrokerRestarts({
        events: arg('events', 100_000),
        households: arg('households', 2000),
        brokerRestarts: arg('broker-restarts', 2),
        consumerKills: arg('kills', 3),
        log,
      })),
    }),
  },
  'sales-run-worker-kill': {
    about: 'a mass sales-record run over 100,000 individuals with the workflow worker kill -9ed three times at random points',
    run: async () => ({
      ...(await salesRunUnderWorkerKills({ individuals: arg('individuals', 100_000), pageSize: arg('page-size', 5000), kills: arg('kills', 3), log })),
      statusMismatches: 0,
    }),
  },
  'keyed-requests-service-kill': {
    about: '5,000 households (account, contact, active policy) created by keyed requests with the account and policy services each kill -9ed three times, lost answers retried with the same key',
    run: async () => ({ ...(await keyedRequestsUnderServiceKills({ households: arg('households', 5000), kills: arg('kills', 3), log })) }),
  },
  multinode: {
    about: 'a three-broker Kafka cluster (replication factor 3, min.insync.replicas 2) and two replicas of every service and worker: an Agent CRM sync of 10,000 policies plus interactive changes with one broker and one replica of each kill -9ed mid-run',
    run: async () => ({
      ...(await multinodeRun({ policies: arg('policies', 10_000), pageSize: arg('page-size', 100), changes: arg('changes', 2000), households: arg('households', 200), log })),
    }),
  },
};

async function main(): Promise<number> {
  const name = process.argv[2];
  if (!name || name === '--list') {
    for (const [key, s] of Object.entries(scenarios)) console.log(`${key.padEnd(20)} ${s.about}`);
    return name ? 0 : 2;
  }
  const chosen = name === 'all' ? Object.keys(scenarios) : [name];
  let failed = 0;
  for (const key of chosen) {
    const scenario = scenarios[key];
    if (!scenario) {
      console.error(`no chaos scenario named '${key}'; there are: ${Object.keys(scenarios).join(' ')}`);
      return 2;
    }
    log(`chaos ${key}: ${scenario.about}`);
    const result = await scenario.run();
    writeResult(`chaos-${key}`, result);
    console.log(JSON.stringify(result, null, 2));
    // A scenario's own last line (counts, and who was killed), when it has one.
    if (typeof result.summary === 'string') console.log(result.summary);
    if (result.missing !== 0 || result.duplicated !== 0 || result.deadLettered !== 0 || result.statusMismatches !== 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('chaos failed:', error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);

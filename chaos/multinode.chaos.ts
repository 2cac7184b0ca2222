import { performance } from 'node:perf_hooks';
import { issueToken, shortId } from '@agencyflow/testing';
import { syncInSystem, type ChaosResult } from './agent-crm-sync';
import { createAccounts, createPolicies, householdPermissions } from './households';
import { changeStream, settleChanges } from './interactive-events.chaos';
import { createReplicatedTopics, KafkaCluster, replication } from './private-infra/kafka-cluster';
import { runInSystem, sharedEndpoints, type System, type SystemOptions } from './system';

export interface MultinodeOptions {
  policies: number;
  pageSize: number;
  /** Interactive changes made while the sync runs: at least this many, and on until every fault has landed. */
  changes: number;
  households: number;
  concurrency?: number;
  log?: (line: string) => void;
  /** Every chunk each process writes (to look into a failed run). */
  onOutput?: SystemOptions['onOutput'];
}

export interface MultinodeResult {
  scenario: 'multinode';
  n: number;
  topology: { kafkaBrokers: number; replicationFactor: number; minInsyncReplicas: number; replicasPerDeployable: number; launchedFrom: string[]; temporal: string };
  sync: Pick<ChaosResult, 'expected' | 'present' | 'missing' | 'duplicated' | 'runState' | 'seconds'>;
  changes: { n: number } & Awaited<ReturnType<typeof settleChanges>>;
  /** The sync's and the changes' together. */
  missing: number;
  duplicated: number;
  deadLettered: number;
  statusMismatches: number;
  /** What was done to the system while the sync ran, in order. */
  faults: string[];
  /** Who was killed: broker <node id>, <deployable>#<replica>. */
  killed: string[];
  seconds: number;
  /** The last line of the run: the counts and who was killed. */
  summary: string;
}

/**
 * X-6 on a multi-node topology: a three-node Kafka cluster (KRaft, replication factor 3,
 * min.insync.replicas 2) of the scenario's own, two replicas each of the account service, the
 * policy service and the workflow worker (each service process with its activity worker, relay
 * and consumers), Temporal the shared dev server. An Agent CRM sync of `policies` policies runs
 * while users make interactive changes, and mid-run one broker and one replica of each
 * deployable are kill -9'ed. The killed replicas stay dead: the survivors must take over their
 * consumer partitions, their relay's lead and their task queues' work. The broker is started
 * again once the replicas are down, and catches its partitions up under load. Then the sync and
 * the changes are counted as in sync-worker-kill and events-broker-restart.
 */
export async function multinodeRun({ policies, pageSize, changes, households, concurrency = 4, log = () => {}, onOutput }: MultinodeOptions): Promise<MultinodeResult> {
  log(`starting a ${replication.factor}-node Kafka cluster (KRaft, replication factor ${replication.factor}, min.insync.replicas ${replication.minInsyncReplicas})`);
  const cluster = await KafkaCluster.start(replication.factor);
  try {
    return await runInSystem(
      { ...sharedEndpoints(), kafkaBrokers: cluster.brokers },
      log,
      async (system) => {
        const started = performance.now();
        const tenant = `multinode-${shortId()}`;
        const headers = { authorization: `Bearer ${await issueToken({ tenantId: tenant, subject: 'chaos', permissions: householdPermissions, expiresIn: '12h' })}` };
        const run = shortId();
        const work = { accountUrl: system.accountUrl, policyUrl: system.policyUrl, headers, run, count: households, concurrency };
        log(`creating ${households} households for the interactive changes`);
        const created = await createPolicies(work, await createAccounts(work));

        let faultsDone = false;
        let stream: ReturnType<typeof changeStream> | undefined;
        const killed: string[] = [];
        const sync = await syncInSystem(system, {
          scenario: 'multinode',
          policies,
          pageSize,
          log,
          inject: async (_system, syncing, progress) => {
            log(`making at least ${changes} interactive changes while the sync runs`);
            stream = changeStream({ ...work, households: created }, (i) => i < changes || !faultsDone);
            try {
              return await injectFaults(system, cluster, syncing, progress, killed);
            } finally {
              faultsDone = true;
            }
          },
        });
        const made = await stream!.finished;
        log(`the sync settled; ${made} changes made; waiting for every outbox to drain and every consumer to catch up`);
        const counted = await settleChanges(system, tenant);
        const missing = sync.missing + counted.missing;
        const duplicated = sync.duplicated + counted.duplicated;
        const statusMismatches = sync.statusMismatches + counted.statusMismatches;
        return {
          scenario: 'multinode' as const,
          n: policies,
          topology: {
            kafkaBrokers: cluster.nodes.length,
            replicationFactor: replication.factor,
            minInsyncReplicas: replication.minInsyncReplicas,
            replicasPerDeployable: system.replicas.worker.length,
            launchedFrom: [system.policy, system.account, system.worker].map((p) => `${p.name.split('#')[0]}: ${p.launch.from}`),
            temporal: 'the shared dev server',
          },
          sync: { expected: sync.expected, present: sync.present, missing: sync.missing, duplicated: sync.duplicated, runState: sync.runState, seconds: sync.seconds },
          changes: { n: made, ...counted },
          missing,
          duplicated,
          deadLettered: sync.deadLettered,
          statusMismatches,
          faults: sync.faults,
          killed,
          seconds: (performance.now() - started) / 1000,
          summary:
            `multinode: ${policies} policies and ${made} changes, ${missing} missing, ${duplicated} duplicated, ${sync.deadLettered} dead-lettered, ` +
            `${statusMismatches} wrong statuses; killed ${killed.join(', ') || 'nothing'}`,
        };
      },
      { replicas: 2, createTopics: (kafka, topics) => createReplicatedTopics(kafka, topics), ...(onOutput ? { onOutput } : {}) },
    );
  } finally {
    await cluster.stop();
  }
}

/**
 * One broker and one replica of each deployable, each picked at random, kill -9'ed one at a time
 * as the sync's share of policies passes 15, 30, 45 and 60 %, so every kill lands mid-run and on
 * a system already short of the one before. Then the broker is started again.
 */
async function injectFaults(
  system: System,
  cluster: KafkaCluster,
  syncing: () => Promise<boolean>,
  progress: () => Promise<number>,
  killed: string[],
): Promise<string[]> {
  const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;
  const broker = pick(cluster.nodes.map((_, i) => i + 1));
  const kills: Array<{ at: number; kill: () => Promise<string> }> = [
    { at: 0.15, kill: async () => (await cluster.kill(broker), `broker ${broker}`) },
    ...(['account', 'policy', 'worker'] as const).map((deployable, k) => ({
      at: 0.3 + 0.15 * k,
      kill: async () => {
        const target = pick(system.replicas[deployable]);
        await target.kill();
        return target.name;
      },
    })),
  ];
  const faults: string[] = [];
  for (const { at, kill } of kills) {
    while ((await progress()) < at) {
      if (!(await syncing())) return [...faults, `the sync ended before ${Math.round(at * 100)} %: the faults after it did not happen`];
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (!(await syncing())) return [...faults, 'the sync ended: the faults after it did not happen'];
    const whom = await kill();
    killed.push(whom);
    faults.push(`killed ${whom} (kill -9) at ${Math.round((await progress()) * 100)} % of the sync`);
  }
  const mid = await syncing();
  await cluster.restart(broker);
  faults.push(`started broker ${broker} again ${mid ? 'mid-run' : 'after the sync'}; the killed replicas stay dead`);
  return faults;
}

import type { Kafka } from 'kafkajs';
import postgres from 'postgres';
import { allTopicNames, type ServiceName } from '@agencyflow/contracts';
import { databaseUrl, dropDatabase, ensureDatabase, serviceRoleUrl } from '@agencyflow/db';
import { createKafka, deleteTopics, ensureTopics } from '@agencyflow/kafka';
import { createLogger } from '@agencyflow/logger';
import { createTestDatabase, shortId, testEnvironment } from '@agencyflow/testing';
import { migrateServiceDatabase } from '../scripts/lib/prepare';
import { Balancer } from './balancer';
import { freePort, ManagedProcess } from './processes';

/** Where the system under fault finds its infrastructure: the shared test servers, or a scenario's private ones. */
export interface Endpoints {
  adminDatabaseUrl: string;
  kafkaBrokers: string;
  temporalAddress: string;
}

export const sharedEndpoints = (): Endpoints => ({
  adminDatabaseUrl: testEnvironment.adminDatabaseUrl,
  kafkaBrokers: testEnvironment.kafkaBrokers.join(','),
  temporalAddress: testEnvironment.temporalAddress,
});

/** One service's database for a scenario, read by the scenario's checks. */
export interface ScenarioDatabase {
  url: string;
  sql: postgres.Sql;
  drop(): Promise<void>;
}

/**
 * The policy and account services and the workflow worker, each an OS process of its own (as
 * deployed), on fresh databases and topics at `endpoints`. The scenario kills and restarts the
 * processes (and, when they are private, the servers) and reads the databases and topics to
 * count what survived.
 */
export interface System {
  policyUrl: string;
  accountUrl: string;
  /** The first replica of each (the only one, unless the scenario asked for replicas). */
  policy: ManagedProcess;
  account: ManagedProcess;
  worker: ManagedProcess;
  /** Every replica of each: policyUrl and accountUrl are then a balancer in front of them. */
  replicas: { policy: ManagedProcess[]; account: ManagedProcess[]; worker: ManagedProcess[] };
  databases: { policy: ScenarioDatabase; account: ScenarioDatabase; sales?: ScenarioDatabase };
  /** The sales service, when the scenario asked for it (withSales). */
  sales?: { url: string; process: ManagedProcess };
  kafka: Kafka;
  topicPrefix: string;
  /** The last lines each process wrote, for the report of a failed run. */
  tails(): string;
  stop(): Promise<void>;
}

export interface SystemOptions {
  /** LOG_LEVEL of the processes (default: CHAOS_LOG_LEVEL or warn). */
  logLevel?: string;
  /** Every chunk each process writes. */
  onOutput?: (process: string, chunk: string) => void;
  /** Also run the sales service (mass sales-record runs), on a database of its own. */
  withSales?: boolean;
  /** How many processes of the policy service, the account service and the workflow worker each (default 1). */
  replicas?: number;
  /** Makes the scenario's topics before ensureTopics does (which leaves existing ones be): a cluster's replicated topics. */
  createTopics?: (kafka: Kafka, topics: string[]) => Promise<void>;
}

export async function startSystem(endpoints: Endpoints, log: (line: string) => void = () => {}, options: SystemOptions = {}): Promise<System> {
  const kafka = createKafka({ brokers: endpoints.kafkaBrokers.split(','), clientId: 'chaos', logger: createLogger({ name: 'chaos', level: 'error' }) });
  const topicPrefix = `c${shortId()}.`;
  const topics = allTopicNames(topicPrefix);
  await options.createTopics?.(kafka, topics);
  await ensureTopics(kafka, topics, 3);
  const databases = {
    policy: await scenarioDatabase('policy', endpoints.adminDatabaseUrl),
    account: await scenarioDatabase('account', endpoints.adminDatabaseUrl),
    ...(options.withSales ? { sales: await scenarioDatabase('sales', endpoints.adminDatabaseUrl) } : {}),
  };
  const common = {
    HOST: '127.0.0.1',
    KAFKA_TOPIC_PREFIX: topicPrefix,
    TASK_QUEUE_PREFIX: topicPrefix,
    KAFKA_BROKERS: endpoints.kafkaBrokers,
    TEMPORAL_ADDRESS: endpoints.temporalAddress,
    ...(options.logLevel ? { LOG_LEVEL: options.logLevel } : {}),
  };
  const count = options.replicas ?? 1;
  const output = (name: string) => (options.onOutput ? { onOutput: (chunk: string) => options.onOutput!(name, chunk) } : {});
  /**
   * `count` processes of one deployable, named `name` (one) or `name#i` (replicas), each on ports
   * of its own; the same databases, topics and task queues, so consumer groups and Temporal task
   * queues share the work among them.
   */
  const replicasOf = async (name: string, make: (port: number) => { spec: Omit<ConstructorParameters<typeof ManagedProcess>[1], 'onOutput'>; url: string }) => {
    const made = [];
    for (let i = 0; i < count; i++) {
      const replica = count === 1 ? name : `${name}#${i}`;
      const { spec, url } = make(await freePort());
      made.push({ process: new ManagedProcess(replica, { ...output(replica), ...spec }), url });
    }
    return made;
  };
  /** One URL for a service's replicas: the replica's own when there is one, a balancer in front of them else. */
  const balancers: Balancer[] = [];
  const front = async (urls: string[]) => {
    if (urls.length === 1) return urls[0]!;
    const balancer = await Balancer.start(urls);
    balancers.push(balancer);
    return balancer.url;
  };

  const policies = await replicasOf('policy', (port) => ({
    url: `http://127.0.0.1:${port}`,
    spec: {
      deployable: 'policy', cwd: 'services/policy', entry: 'src/main.ts', readyUrl: `http://127.0.0.1:${port}/readyz`,
      env: { ...common, PORT: String(port), DATABASE_URL: serviceRoleUrl(databases.policy.url, 'policy') },
    },
  }));
  const policyUrl = await front(policies.map((p) => p.url));
  const accounts = await replicasOf('account', (port) => ({
    url: `http://127.0.0.1:${port}`,
    spec: {
      deployable: 'account', cwd: 'services/account', entry: 'src/main.ts', readyUrl: `http://127.0.0.1:${port}/readyz`,
      env: { ...common, PORT: String(port), DATABASE_URL: serviceRoleUrl(databases.account.url, 'account'), POLICY_SERVICE_URL: policyUrl },
    },
  }));
  const accountUrl = await front(accounts.map((a) => a.url));
  const workers = await replicasOf('worker', (codecPort) => ({
    url: `http://127.0.0.1:${codecPort}`,
    spec: {
      deployable: 'worker', cwd: 'workflows', entry: 'src/worker/main.ts', readyUrl: `http://127.0.0.1:${codecPort}/healthz`,
      env: { ...common, CODEC_SERVER_PORT: String(codecPort), CODEC_SERVER_HOST: '127.0.0.1' },
    },
  }));
  let sales: System['sales'];
  if (databases.sales) {
    const salesPort = await freePort();
    const url = `http://127.0.0.1:${salesPort}`;
    sales = {
      url,
      process: new ManagedProcess('sales', {
        ...output('sales'),
        deployable: 'sales', cwd: 'services/sales', entry: 'src/main.ts', readyUrl: `${url}/readyz`,
        env: { ...common, PORT: String(salesPort), DATABASE_URL: serviceRoleUrl(databases.sales.url, 'sales'), ACCOUNT_SERVICE_URL: accountUrl },
      }),
    };
  }
  const replicas = { policy: policies.map((p) => p.process), account: accounts.map((a) => a.process), worker: workers.map((w) => w.process) };
  const processes = [...replicas.policy, ...replicas.account, ...replicas.worker, ...(sales ? [sales.process] : [])];
  log(`starting ${count === 1 ? 'the' : `${count} replicas each of the`} policy service, the account service${sales ? ', the sales service' : ''} and the workflow worker as processes`);
  for (const p of [replicas.policy[0]!, replicas.account[0]!, replicas.worker[0]!, ...(sales ? [sales.process] : [])]) log(`  ${p.name.split('#')[0]} from ${p.launch.from}`);
  const stopAll = async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await Promise.all(balancers.map((b) => b.stop()));
  };
  const dropAll = () => Promise.allSettled([databases.policy.drop(), databases.account.drop(), databases.sales?.drop(), deleteTopics(kafka, topics)]);
  try {
    // Replicas start side by side on two busy cores (each worker bundles its workflows): more time.
    await Promise.all(processes.map((p) => p.start(count === 1 ? undefined : 300_000)));
  } catch (error) {
    await stopAll();
    await dropAll();
    throw error;
  }
  return {
    policyUrl,
    accountUrl,
    policy: replicas.policy[0]!,
    account: replicas.account[0]!,
    worker: replicas.worker[0]!,
    replicas,
    databases,
    ...(sales ? { sales } : {}),
    kafka,
    topicPrefix,
    tails: () => processes.map((p) => `${p.name}:\n${p.tail()}`).join('\n'),
    async stop() {
      await stopAll();
      await dropAll();
    },
  };
}

/** Runs `work` on a fresh system, with the processes' last lines logged if it fails, and stops it after. */
export async function runInSystem<T>(endpoints: Endpoints, log: (line: string) => void, work: (system: System) => Promise<T>, options: SystemOptions = {}): Promise<T> {
  const system = await startSystem(endpoints, log, options);
  try {
    return await work(system);
  } catch (error) {
    log(system.tails());
    throw error;
  } finally {
    await system.stop();
  }
}

/**
 * A fresh, migrated database for one service: copied from the test template on the shared
 * server, migrated from scratch on a private one (which has no templates).
 */
async function scenarioDatabase(service: ServiceName, adminUrl: string): Promise<ScenarioDatabase> {
  if (adminUrl === testEnvironment.adminDatabaseUrl) return createTestDatabase(service);
  const name = `c_${service}_${shortId()}`;
  await ensureDatabase(adminUrl, name);
  const url = databaseUrl(adminUrl, name);
  await migrateServiceDatabase(adminUrl, service, name);
  const sql = postgres(url, { max: 3, onnotice: () => {} });
  return {
    url,
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      await dropDatabase(adminUrl, name);
    },
  };
}

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTopicNames, searchAttributeNames } from '@agencyflow/contracts';
import { databaseUrl, dropDatabase, ensureDatabase, serviceRoleUrl } from '@agencyflow/db';
import { deleteTopics } from '@agencyflow/kafka';
import { eventually, shortId, testEnvironment, testKafka } from '@agencyflow/testing';

/**
 * `npm run build` (decision 0035): the deployables as operators run them, with plain `node` (no
 * tsx, no NODE_OPTIONS, nothing but the settings given), against the real PostgreSQL, Kafka and
 * Temporal. The build goes to a folder of this test's own under node_modules, so packages resolve
 * from node_modules as in the image.
 */
const root = path.resolve(__dirname, '..');
const out = path.join(root, 'node_modules/.cache/agencyflow', `build-test-${shortId()}`);
const id = shortId();
const database = `t_build_${id}`;
const prefix = `tbuild${id}.`;
const kafka = testKafka('build-test');

const { PATH, HOME } = process.env;
/** Only what an operator gives: no test runner's variables (WORKFLOW_BUNDLE_PATH, NODE_OPTIONS...). */
const operatorEnv = (env: Record<string, string>) => ({ PATH: PATH ?? '', HOME: HOME ?? '', LOG_LEVEL: 'warn', ...env });
const infraEnv = {
  KAFKA_BROKERS: testEnvironment.kafkaBrokers.join(','),
  TEMPORAL_ADDRESS: testEnvironment.temporalAddress,
  TEMPORAL_NAMESPACE: testEnvironment.temporalNamespace,
};

/** Runs a built command to its end. */
function runBuilt(command: string, args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [path.join(out, `${command}.js`), ...args], {
    cwd: out,
    env: operatorEnv(env),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const started: ChildProcess[] = [];
/** Starts a built deployable in the background; its output is collected for the failure message. */
function startBuilt(deployable: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(out, `${deployable}.js`)], { cwd: out, env: operatorEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
}

beforeAll(() => {
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', out], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(build.status, `${build.stdout}${build.stderr}`).toBe(0);
}, 150_000);

afterAll(async () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await deleteTopics(kafka, allTopicNames(prefix));
  await dropDatabase(testEnvironment.adminDatabaseUrl, database);
  rmSync(out, { recursive: true, force: true });
});

describe('npm run build', () => {
  it('compiles every deployable and the operations commands to JavaScript, with the workflow bundle, the converters the SDK loads by path, and the migrations beside them', () => {
    const files = readdirSync(out);
    for (const deployable of ['account', 'policy', 'sales', 'finance', 'worker', 'db-migrate', 'kafka-topics', 'temporal-setup']) {
      expect(files).toContain(`${deployable}.js`);
    }
    expect(files).toEqual(expect.arrayContaining(['workflow-bundle.js', 'payload-converter.js', 'failure-converter.js', 'temporal-search-attributes.txt']));
    for (const service of ['account', 'policy', 'sales', 'finance']) expect(existsSync(path.join(out, 'migrations', service, 'meta/_journal.json'))).toBe(true);
  });

  it('X-3 db-migrate, run as the owner, creates nothing the service role owns: it migrates the database and grants the role its row rights, and a rerun changes nothing', async () => {
    await ensureDatabase(testEnvironment.adminDatabaseUrl, database);
    const ownerUrl = databaseUrl(testEnvironment.adminDatabaseUrl, database);
    // Development mode: the role keeps the development password every other test connects with
    // (roles are cluster-wide; a deployment sets ACCOUNT_DATABASE_ROLE_PASSWORD).
    const env = { AGENCYFLOW_MODE: 'development', ACCOUNT_DATABASE_OWNER_URL: ownerUrl };
    const first = runBuilt('db-migrate', ['account'], env);
    expect(first.status, first.output).toBe(0);
    expect(first.output).toContain('account migrated');
    expect(first.output).not.toContain('postgres://');
    const second = runBuilt('db-migrate', ['account'], env);
    expect(second.status, second.output).toBe(0);

    const sql = postgres(serviceRoleUrl(ownerUrl, 'account'), { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<{ tables: number; owned: number }[]>`
        select count(*)::int as tables,
               count(*) filter (where tableowner = current_user)::int as owned
        from pg_tables where schemaname = 'public'`;
      expect(row!.tables).toBeGreaterThan(5);
      expect(row!.owned).toBe(0);
      // Row rights on the tables the migrations made.
      await expect(sql`select count(*) from outbox`).resolves.toBeDefined();
    } finally {
      await sql.end({ timeout: 5 });
    }
  });

  it('db-migrate outside development mode refuses to run without a role password of the deployment, naming the setting', () => {
    const { status, output } = runBuilt('db-migrate', ['all'], { DATABASE_OWNER_URL: testEnvironment.adminDatabaseUrl });
    expect(status).not.toBe(0);
    expect(output).toContain('ACCOUNT_DATABASE_ROLE_PASSWORD');
    expect(output).toContain('FINANCE_DATABASE_ROLE_PASSWORD');
  });

  it('kafka-topics creates every topic with the configured partitions, and a rerun creates none', async () => {
    const env = { ...infraEnv, KAFKA_TOPIC_PREFIX: prefix, KAFKA_TOPIC_PARTITIONS: '2' };
    const first = runBuilt('kafka-topics', [], env);
    expect(first.status, first.output).toBe(0);
    expect(first.output).toContain(`${allTopicNames(prefix).length} created`);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: allTopicNames(prefix) });
      expect(topics.map((t) => t.partitions.length)).toEqual(allTopicNames(prefix).map(() => 2));
    } finally {
      await admin.disconnect();
    }
    const second = runBuilt('kafka-topics', [], env);
    expect(second.status, second.output).toBe(0);
    expect(second.output).toContain('0 created');
  });

  it('temporal-setup finds the namespace and every search attribute registered (idempotent)', () => {
    const { status, output } = runBuilt('temporal-setup', [], infraEnv);
    expect(status, output).toBe(0);
    expect(output).toContain(`search attributes all present (${Object.values(searchAttributeNames).join(', ')})`);
  });

  it('temporal-setup registers a missing namespace and its search attributes, and the built worker refuses to start until they are there', async () => {
    const namespace = `t-build-${id}`;
    const connection = await Connection.connect({ address: testEnvironment.temporalAddress });
    try {
      // A namespace with none of the platform's search attributes: a cluster where the setup step was skipped.
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
      const env = { ...infraEnv, TEMPORAL_NAMESPACE: namespace, AGENCYFLOW_MODE: 'development', TASK_QUEUE_PREFIX: prefix };
      // A new namespace reaches the frontend's cache within seconds.
      await eventually(() => connection.operatorService.listSearchAttributes({ namespace }), { timeoutMs: 30_000, intervalMs: 250 });
      const refused = startBuilt('worker', { ...env, CODEC_SERVER_PORT: String(await freePort()) });
      expect(await refused.exited).not.toBe(0);
      expect(refused.output()).toContain(`Temporal search attributes missing in namespace ${namespace}: ${Object.values(searchAttributeNames).join(', ')}`);
      expect(refused.output()).toContain('npm run temporal:setup');

      const setup = runBuilt('temporal-setup', [], { ...infraEnv, TEMPORAL_NAMESPACE: namespace });
      expect(setup.status, setup.output).toBe(0);
      expect(setup.output).toContain(`search attributes added: ${Object.values(searchAttributeNames).join(', ')}`);
      const codecPort = await freePort();
      const worker = startBuilt('worker', { ...env, CODEC_SERVER_PORT: String(codecPort) });
      await eventually(async () => expect(await answers(`http://127.0.0.1:${codecPort}/healthz`), worker.output()).toBe(true), { timeoutMs: 30_000, intervalMs: 250 });
      worker.child.kill('SIGTERM');
      expect(await worker.exited, worker.output()).toBe(0);
    } finally {
      await connection.operatorService.deleteNamespace({ namespace }).catch(() => undefined);
      await connection.close();
    }
  }, 90_000);

  it('a built service and the built workflow worker start with plain node and answer their probes, then drain on SIGTERM', async () => {
    const [port, codecPort] = [await freePort(), await freePort()];
    const common = { ...infraEnv, AGENCYFLOW_MODE: 'development', TASK_QUEUE_PREFIX: prefix };
    const service = startBuilt('account', {
      ...common,
      PORT: String(port),
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: serviceRoleUrl(databaseUrl(testEnvironment.adminDatabaseUrl, database), 'account'),
    });
    // No WORKFLOW_BUNDLE_PATH: the worker takes the bundle the build put beside it.
    const worker = startBuilt('worker', { ...common, CODEC_SERVER_PORT: String(codecPort) });
    await eventually(async () => {
      expect(await answers(`http://127.0.0.1:${port}/readyz`), service.output()).toBe(true);
      expect(await answers(`http://127.0.0.1:${codecPort}/healthz`), worker.output()).toBe(true);
    }, { timeoutMs: 60_000, intervalMs: 500 });
    service.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await service.exited, service.output()).toBe(0);
    expect(await worker.exited, worker.output()).toBe(0);
  }, 90_000);

  it('a built service refuses to start while its Kafka topics are missing, naming them and the command that makes them', async () => {
    const service = startBuilt('account', {
      ...infraEnv,
      AGENCYFLOW_MODE: 'development',
      PORT: String(await freePort()),
      KAFKA_TOPIC_PREFIX: `tmissing${id}.`,
      DATABASE_URL: serviceRoleUrl(databaseUrl(testEnvironment.adminDatabaseUrl, database), 'account'),
    });
    expect(await service.exited).not.toBe(0);
    expect(service.output()).toContain(`Kafka topics missing: tmissing${id}.account.events`);
    expect(service.output()).toContain('npm run kafka:topics');
  }, 60_000);
});

import type { ServiceName } from '@agencyflow/contracts';
import { serviceRoleUrl } from '@agencyflow/db';
import { createServiceRuntime, loadServiceConfig, type ServiceDefinition, type ServiceRuntime } from '@agencyflow/service-kit';
import { testEnvironment } from './environment';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestService {
  runtime: ServiceRuntime;
  url: string;
  database: TestDatabase;
  /** Stops the service's HTTP server, consumers, relay and activity worker, keeping its database. */
  halt(): Promise<void>;
  /** Starts a fresh instance of the service on the same database (a restart after a crash or deploy). */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestServiceOptions {
  /** Topic and task-queue prefix of the test file (see createTestTopics). */
  prefix: string;
  env?: Record<string, string>;
  /** Start the HTTP server, relay, consumers and activity worker (default true). */
  start?: boolean;
}

/**
 * Runs one service in-process against the real PostgreSQL, Kafka and Temporal, on its own
 * fresh database, topics and task queues, on a random port.
 */
export async function startTestService(definition: ServiceDefinition, { prefix, env = {}, start = true }: TestServiceOptions): Promise<TestService> {
  const name: ServiceName = definition.name;
  const database = await createTestDatabase(name, definition.schema);
  const config = loadServiceConfig(name, {
    AGENCYFLOW_MODE: 'development',
    PORT: '0',
    // As the service's own role: no owner, no row-level security bypass.
    DATABASE_URL: serviceRoleUrl(database.url, name),
    DATABASE_POOL_MAX: '5',
    KAFKA_BROKERS: testEnvironment.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    TEMPORAL_ADDRESS: testEnvironment.temporalAddress,
    TASK_QUEUE_PREFIX: prefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  let runtime = await createServiceRuntime(definition, config);
  const { url } = start ? await runtime.start() : { url: '' };
  // A restarted service comes back on the same port, as a deployed one would behind its address:
  // services that call it keep their URL.
  const restartConfig = url ? { ...config, PORT: Number(new URL(url).port) } : config;
  let halted = false;
  const service: TestService = {
    runtime,
    url,
    database,
    async halt() {
      await runtime.stop();
      halted = true;
    },
    async resume() {
      runtime = await createServiceRuntime(definition, restartConfig);
      service.runtime = runtime;
      service.url = (await runtime.start()).url;
      halted = false;
    },
    async stop() {
      if (start && !halted) await runtime.stop();
      else if (!start) {
        await runtime.deps.temporal.close();
        await runtime.deps.database.close();
      }
      await database.drop();
    },
  };
  return service;
}

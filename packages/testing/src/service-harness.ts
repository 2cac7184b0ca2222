import type { ServiceName } from '@agencyflow/contracts';
import { createServiceRuntime, loadServiceConfig, type ServiceDefinition, type ServiceRuntime } from '@agencyflow/service-kit';
import { testEnvironment } from './environment';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestService {
  runtime: ServiceRuntime;
  url: string;
  database: TestDatabase;
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
    PORT: '0',
    DATABASE_URL: database.url,
    DATABASE_POOL_MAX: '5',
    KAFKA_BROKERS: testEnvironment.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    TEMPORAL_ADDRESS: testEnvironment.temporalAddress,
    TASK_QUEUE_PREFIX: prefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const runtime = await createServiceRuntime(definition, config);
  const { url } = start ? await runtime.start() : { url: '' };
  return {
    runtime,
    url,
    database,
    async stop() {
      if (start) await runtime.stop();
      else {
        await runtime.deps.temporal.close();
        await runtime.deps.database.close();
      }
      await database.drop();
    },
  };
}

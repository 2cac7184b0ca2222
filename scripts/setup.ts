/**
 * `npm run setup`: makes the local system ready to run: one migrated database per service and
 * every Kafka topic. Idempotent; `npm start` and `npm test` run it after `infra:up`.
 */
import { createTopics, migrateServiceDatabases } from './lib/prepare';

async function main() {
  const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  await migrateServiceDatabases(adminUrl);
  const created = await createTopics(brokers);
  console.log(`setup: databases migrated; ${created.length} topic(s) created`);
}

main().catch((error: unknown) => {
  console.error('setup failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});

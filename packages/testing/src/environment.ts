/** Where the real infrastructure is (started by `npm run infra:up`); same defaults as the services. */
export const testEnvironment = {
  adminDatabaseUrl: process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  temporalAddress: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
  temporalNamespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
};

/**
 * The migrated template database a service's test databases are copied from. Two checkouts that
 * share one PostgreSQL (a worktree beside main) and whose migrations differ would rebuild each
 * other's template mid-run (a test file then fails on a template that is gone or being copied):
 * such a checkout sets AGENCYFLOW_TEST_TEMPLATE_PREFIX to a prefix of its own.
 */
export function templateDatabaseName(service: string): string {
  const prefix = process.env.AGENCYFLOW_TEST_TEMPLATE_PREFIX ?? 't_tpl_';
  // The name reaches DDL as an identifier: letters, digits and underscores only.
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(prefix)) throw new Error('AGENCYFLOW_TEST_TEMPLATE_PREFIX: lower-case letters, digits and _ only, starting with a letter');
  return `${prefix}${service}`;
}

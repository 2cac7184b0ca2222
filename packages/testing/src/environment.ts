/** Where the real infrastructure is (started by `npm run infra:up`); same defaults as the services. */
export const testEnvironment = {
  adminDatabaseUrl: process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  temporalAddress: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
  temporalNamespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
};

export const templateDatabaseName = (service: string): string => `t_tpl_${service}`;

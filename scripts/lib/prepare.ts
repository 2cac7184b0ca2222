import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { allTopicNames, type ServiceName, serviceNames } from '@agencyflow/contracts';
import { databaseUrl, dropDatabase, ensureDatabase, migrateServiceDatabase as migrateDatabase } from '@agencyflow/db';
import { createKafka, ensureTopics } from '@agencyflow/kafka';
import { createLogger } from '@agencyflow/logger';

const root = path.resolve(__dirname, '../..');
export const migrationsFolderOf = (service: ServiceName) => path.join(root, 'services', service, 'migrations');

/**
 * Migrates one service's database as the owner (the admin URL), then grants the service's own
 * role (agencyflow_<service>, no owner, no RLS bypass) its row rights there.
 */
export async function migrateServiceDatabase(adminUrl: string, service: ServiceName, name: string) {
  await migrateDatabase(databaseUrl(adminUrl, name), service, migrationsFolderOf(service));
}

/** Creates (if missing) and migrates one database per service, named by `nameOf`. */
export async function migrateServiceDatabases(adminUrl: string, nameOf: (s: ServiceName) => string = (s) => s) {
  for (const service of serviceNames) {
    const name = nameOf(service);
    await ensureDatabase(adminUrl, name);
    await migrateServiceDatabase(adminUrl, service, name);
  }
}

/** A fingerprint of a service's migrations: a template built from other migrations is rebuilt. */
function migrationsHash(service: ServiceName): string {
  const folder = migrationsFolderOf(service);
  const hash = createHash('sha256');
  for (const file of readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(folder, file);
    if (file.endsWith('.sql') || file.endsWith('.json')) hash.update(file).update(readFileSync(full));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds the migrated template databases test files copy from (t_tpl_<service>), once per
 * migration change. An advisory lock keeps parallel callers from building the same one twice.
 */
export async function prepareTestTemplates(adminUrl: string, templateName: (s: ServiceName) => string) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin`select pg_advisory_lock(4242)`;
    for (const service of serviceNames) {
      const name = templateName(service);
      const wanted = migrationsHash(service);
      const [row] = await admin<{ comment: string | null }[]>`
        select shobj_description(oid, 'pg_database') as comment from pg_database where datname = ${name}`;
      if (row?.comment === wanted) continue;
      if (row) await dropDatabase(adminUrl, name);
      await ensureDatabase(adminUrl, name);
      await migrateServiceDatabase(adminUrl, service, name);
      await admin.unsafe(`comment on database ${name} is '${wanted}'`);
    }
  } finally {
    await admin`select pg_advisory_unlock(4242)`;
    await admin.end({ timeout: 5 });
  }
}

/** Creates the topics (and dead-letter topics) of every service. */
export async function createTopics(brokers: string[], prefix = '') {
  const kafka = createKafka({ brokers, clientId: 'setup', logger: createLogger({ name: 'setup', level: 'warn' }) });
  return ensureTopics(kafka, allTopicNames(prefix), 3);
}

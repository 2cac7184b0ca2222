/**
 * `npm run db:migrate -- <service>|all` (built: `node dist/app/db-migrate.js <service>|all`, the
 * chart's migration job): applies each service's migrations to its own database AS THE OWNER,
 * separately from the services, which connect as their own role and cannot change the schema
 * (decision 0023). Creates the database when it is missing and the owner may, and sets the
 * service role's password. Idempotent: rerun it on every deploy.
 *
 * Environment (decision 0035, .env.example):
 *   DATABASE_OWNER_URL              the owner's URL on the cluster (any database: the service's
 *                                   database name replaces it); TLS with ?sslmode=verify-full
 *   <SERVICE>_DATABASE_OWNER_URL    optional, per service: the owner's URL of that service's database
 *   <SERVICE>_DATABASE_ROLE_PASSWORD  the password of agencyflow_<service> (its DATABASE_URL's password)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig, modeFragment } from '@agencyflow/config';
import { serviceNames, type ServiceName } from '@agencyflow/contracts';
import { databaseUrl, DEVELOPMENT_ROLE_PASSWORD, ensureDatabase, migrateServiceDatabase } from '@agencyflow/db';

const perService = <T extends z.ZodType>(suffix: string, schema: T) =>
  Object.fromEntries(serviceNames.map((s) => [`${s.toUpperCase()}_${suffix}`, schema])) as Record<string, T>;

const optionalUrl = z
  .union([z.literal(''), z.url({ protocol: /^postgres(ql)?$/ })])
  .optional()
  .transform((v) => v || undefined);

export const migrateConfigSchema = z.object({
  ...modeFragment,
  DATABASE_OWNER_URL: optionalUrl,
  ...perService('DATABASE_OWNER_URL', optionalUrl),
  ...perService('DATABASE_ROLE_PASSWORD', z.string().min(1).optional()),
});

/** The migrations folder of a service: beside the built command, or in the service's folder. */
function migrationsFolder(service: ServiceName): string {
  const built = path.join(__dirname, 'migrations', service);
  return existsSync(built) ? built : path.resolve(__dirname, '../../services', service, 'migrations');
}

async function main() {
  const target = process.argv[2] ?? 'all';
  if (target !== 'all' && !(serviceNames as readonly string[]).includes(target)) {
    throw new Error(`usage: db:migrate <${serviceNames.join('|')}|all> (got ${target})`);
  }
  const services = target === 'all' ? [...serviceNames] : [target as ServiceName];
  const config = loadConfig(migrateConfigSchema) as Record<string, string | undefined>;
  const production = config.AGENCYFLOW_MODE !== 'development';
  const problems: string[] = [];
  for (const service of services) {
    const key = service.toUpperCase();
    if (!config[`${key}_DATABASE_OWNER_URL`] && !config.DATABASE_OWNER_URL) problems.push(`${key}_DATABASE_OWNER_URL or DATABASE_OWNER_URL: required`);
    const password = config[`${key}_DATABASE_ROLE_PASSWORD`];
    if (production && (!password || password === DEVELOPMENT_ROLE_PASSWORD)) {
      problems.push(`${key}_DATABASE_ROLE_PASSWORD: required outside development mode, and not the development password`);
    }
  }
  if (problems.length > 0) throw new Error(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  for (const service of services) {
    const key = service.toUpperCase();
    const started = performance.now();
    let url = config[`${key}_DATABASE_OWNER_URL`];
    if (!url) {
      // The cluster URL: the service's database is made there if missing (when the owner may create databases).
      await ensureDatabase(config.DATABASE_OWNER_URL!, service);
      url = databaseUrl(config.DATABASE_OWNER_URL!, service);
    }
    await migrateServiceDatabase(url, service, migrationsFolder(service), config[`${key}_DATABASE_ROLE_PASSWORD`]);
    // Host and database only: the URL carries the owner's password.
    const { hostname, pathname } = new URL(url);
    console.log(`db:migrate: ${service} migrated (${hostname}${pathname}) in ${Math.round(performance.now() - started)} ms`);
  }
}

main().catch((error: unknown) => {
  console.error('db:migrate failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});

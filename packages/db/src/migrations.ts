import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { createDatabase, type Database } from './client';
import { ensureServiceRole } from './service-role';

/** Applies a service's committed drizzle migrations (services/<name>/migrations). */
export async function runMigrations(database: Database, migrationsFolder: string): Promise<void> {
  await migrate(database.db, { migrationsFolder });
}

/**
 * Migrates one service's database as its owner (`ownerUrl` names that database), then makes sure
 * the service's own role (agencyflow_<service>: no owner, no row-level security bypass) exists
 * with `rolePassword` and holds its row rights there (decision 0023). Two migrators of the same
 * database (two jobs, a retried one) take turns on an advisory lock instead of racing.
 */
export async function migrateServiceDatabase(ownerUrl: string, service: string, migrationsFolder: string, rolePassword?: string): Promise<void> {
  const lock = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    // One reserved session holds the lock for the whole migration.
    const session = await lock.reserve();
    try {
      await session`select pg_advisory_lock(hashtext(${`agencyflow-migrate-${service}`}))`;
      const database = createDatabase({ url: ownerUrl, schema: {}, max: 1 });
      try {
        await runMigrations(database, migrationsFolder);
      } finally {
        await database.close();
      }
      await ensureServiceRole(ownerUrl, service, rolePassword);
    } finally {
      session.release();
    }
  } finally {
    // Ending the session releases the lock.
    await lock.end({ timeout: 5 });
  }
}

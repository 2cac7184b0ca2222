import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { Database } from './client';

/** Applies a service's committed drizzle migrations (services/<name>/migrations). */
export async function runMigrations(database: Database, migrationsFolder: string): Promise<void> {
  await migrate(database.db, { migrationsFolder });
}

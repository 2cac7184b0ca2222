import type { ServiceName } from '@agencyflow/contracts';
import { createDatabase, databaseUrl, dropDatabase, ensureDatabase, type Database } from '@agencyflow/db';
import { templateDatabaseName, testEnvironment } from './environment';
import { shortId } from './ids';

export interface TestDatabase extends Database {
  url: string;
  name: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file, copied from the service's migrated template (built once
 * per run by the global setup), so test files never see each other's rows.
 */
export async function createTestDatabase(
  service: ServiceName,
  schema: Record<string, unknown> = {},
): Promise<TestDatabase> {
  const name = `t_${service}_${shortId()}`;
  await ensureDatabase(testEnvironment.adminDatabaseUrl, name, templateDatabaseName(service));
  const url = databaseUrl(testEnvironment.adminDatabaseUrl, name);
  const database = createDatabase({ url, schema, max: 5 });
  return {
    ...database,
    url,
    name,
    async drop() {
      await database.close();
      await dropDatabase(testEnvironment.adminDatabaseUrl, name);
    },
  };
}

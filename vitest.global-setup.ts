import { templateDatabaseName, testEnvironment } from '@agencyflow/testing';
import { prepareTestTemplates } from './scripts/lib/prepare';

/**
 * Runs once before the tests: checks the real infrastructure answers and builds the migrated
 * template databases every test file copies from. Start the infrastructure with `npm run infra:up`.
 */
export default async function setup() {
  try {
    await prepareTestTemplates(testEnvironment.adminDatabaseUrl, templateDatabaseName);
  } catch (error) {
    throw new Error(
      `Could not prepare test databases at ${testEnvironment.adminDatabaseUrl} (${(error as Error).message}). ` +
        'Is the infrastructure up? Run `npm run infra:up` (npm test does it for you).',
    );
  }
}

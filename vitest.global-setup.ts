import path from 'node:path';
import { templateDatabaseName, testEnvironment } from '@agencyflow/testing';
import { bundleWorkflows } from '@agencyflow/workflows';
import { prepareTestTemplates } from './scripts/lib/prepare';

/**
 * Runs once before the tests: checks the real infrastructure answers and builds the migrated
 * template databases every test file copies from. Start the infrastructure with `npm run infra:up`.
 * Also bundles the workflow code once for every workflow worker of the run (the test files' own
 * and the worker processes they spawn inherit WORKFLOW_BUNDLE_PATH), instead of webpack per worker.
 */
export default async function setup() {
  if (!process.env.WORKFLOW_BUNDLE_PATH) {
    const { outFile } = await bundleWorkflows(path.join(__dirname, 'node_modules/.cache/agencyflow/workflow-bundle.test.js'));
    process.env.WORKFLOW_BUNDLE_PATH = outFile;
  }
  try {
    await prepareTestTemplates(testEnvironment.adminDatabaseUrl, templateDatabaseName);
  } catch (error) {
    throw new Error(
      `Could not prepare test databases at ${testEnvironment.adminDatabaseUrl} (${(error as Error).message}). ` +
        'Is the infrastructure up? Run `npm run infra:up` (npm test does it for you).',
    );
  }
}

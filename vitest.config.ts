import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * One config for the whole monorepo: every workspace is a project, so `npx vitest run <path>`
 * works from the root. Tests run against the real PostgreSQL, Kafka and Temporal started by
 * `npm run infra:up`; each test file gets its own databases, topics and task queues.
 */
const project = (name: string, root: string) => ({
  extends: true as const,
  test: { name, root, include: ['test/**/*.test.ts'] },
});

export default defineConfig({
  test: {
    globalSetup: [path.resolve(__dirname, 'vitest.global-setup.ts')],
    // Services started by tests use the committed development secrets, on loopback only.
    env: { AGENCYFLOW_MODE: 'development' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 3,
    minWorkers: 1,
    projects: [
      ...['contracts', 'config', 'logger', 'telemetry', 'db', 'kafka', 'http', 'temporal', 'service-kit', 'protected-data', 'ams-simulator'].map((p) =>
        project(p, `packages/${p}`),
      ),
      ...['account', 'policy', 'sales', 'finance'].map((s) => project(s, `services/${s}`)),
      project('workflows', 'workflows'),
      { extends: true as const, test: { name: 'e2e', root: 'test', include: ['**/*.test.ts'] } },
    ],
  },
});

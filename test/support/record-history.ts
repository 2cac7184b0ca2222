import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { testEnvironment } from '@agencyflow/testing';

const historiesDir = path.resolve(__dirname, '../../workflows/test/histories');

/**
 * With RECORD_HISTORIES=1 (and TEMPORAL_CLI from `bash infra/infra.sh env`), saves a finished
 * workflow's history, as the Temporal CLI exports it, for the replay tests
 * (workflows/test/replay.test.ts): `RECORD_HISTORIES=1 npx vitest run test/agent-crm.test.ts`.
 * Commit the files when a workflow changes on purpose; replay then guards determinism.
 */
export async function recordHistory(workflowId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const cli = process.env.TEMPORAL_CLI;
  if (!cli) throw new Error('RECORD_HISTORIES needs TEMPORAL_CLI: eval "$(bash infra/infra.sh env)" first');
  const json = execFileSync(cli, ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', testEnvironment.temporalAddress], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(path.join(historiesDir, `${name}.history.json`), json);
}

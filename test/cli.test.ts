import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, shortId } from '@agencyflow/testing';
import { bookRows } from './support/fmo-book';
import { startTestSystem, type TestSystem } from './support/system';

const run = promisify(execFile);
const bin = path.resolve(__dirname, '../packages/cli/bin/agencyflow.cjs');
const columns = ['carrier', 'policy_number', 'coverage_type', 'status', 'effective_date', 'premium', 'writing_agent_npn', 'member_relationship', 'first_name', 'last_name', 'date_of_birth'];

/**
 * Issue 13 item 6: the admin CLI (`npx agencyflow`) driven as a script would drive it: no
 * terminal, so plain lines instead of a progress bar, against the real services and workflows.
 */
describe('the admin CLI without a terminal', () => {
  let system: TestSystem;
  const dir = mkdtempSync(path.join(tmpdir(), 'agencyflow-cli-'));
  const tenantId = `fmo-cli-${shortId()}`;
  const env = () => ({
    ...process.env,
    AGENCYFLOW_CONFIG: path.join(dir, 'config.json'),
    AGENCYFLOW_TOKEN: '',
    AGENCYFLOW_ACCOUNT_URL: '',
    AGENCYFLOW_POLICY_URL: '',
  });
  /** Runs the CLI; answers its exit code and output (it never throws). */
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: stripEmpty(env()), timeout: 120_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  beforeAll(async () => {
    system = await startTestSystem();
    await Promise.all(system.policy.runtime.consumers.map((c) => c.ready()));
  });
  afterAll(async () => system?.stop());

  it('refuses to work before sign-in (exit 2, says how), then signs in with a token it checks and keeps readable by its owner only', async () => {
    const before = await cli('imports');
    expect(before.code).toBe(2);
    expect(before.stderr).toContain('agencyflow login --token');

    const token = await issueToken({ tenantId, subject: 'fmo-admin-1', groups: ['fmo-admin'], expiresIn: '1h' });
    const login = await cli('login', '--token', token, '--account-url', system.account.url, '--policy-url', system.policy.url, '--sales-url', system.sales.url, '--finance-url', system.finance.url);
    expect(login.code).toBe(0);
    expect(login.stdout).toContain(`signed in as fmo-admin-1 of ${tenantId}`);
    expect(statSync(path.join(dir, 'config.json')).mode & 0o777).toBe(0o600);

    const wrong = await cli('login', '--token', 'not-a-token');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('401');
    // The good sign-in is still the one kept.
    expect(JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')).token).toBe(token);
  }, 180_000);

  it('PS-2 uploads a carrier file and follows its import to the end in plain lines, lists it and downloads its rejections CSV', async () => {
    const rows = bookRows([{ npn: '7770001', policies: 40, spouseEvery: 2 }]);
    rows.push({ ...rows[0]!, policy_number: 'CLI-BAD', writing_agent_npn: 'x1' });
    const file = path.join(dir, 'feed.csv');
    writeFileSync(file, `${columns.join(',')}\n${rows.map((r) => columns.map((c) => r[c] ?? '').join(',')).join('\n')}\n`);

    const imported = await cli('import', file, '--page-size', '10');
    expect(imported.code).toBe(0);
    const importId = /import ([0-9a-f-]{36})/.exec(imported.stdout)![1]!;
    const lines = imported.stdout.trim().split('\n');
    // No terminal: no carriage returns or escape codes, a line per step of progress, then the summary.
    expect(imported.stdout).not.toContain('\r');
    expect(imported.stdout).not.toContain(String.fromCharCode(27)); // no terminal escape codes
    expect(lines.some((l) => /^import (queued|importing|completed) \d+% \d+\/\d+/.test(l))).toBe(true);
    expect(imported.stdout).toContain(`rows            ${rows.length} (${rows.length - 1} valid, 1 rejected)`);
    expect(imported.stdout).toContain('policies        40 inserted, 0 updated, 0 unchanged');

    const list = await cli('imports', '--state', 'completed');
    expect(list.stdout).toContain(importId);

    const out = path.join(dir, 'rejections.csv');
    const downloaded = await cli('download', 'import', importId, 'rejections', '--out', out);
    expect(downloaded.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(`row,reason\r\n${rows.length},writing_agent_npn: NPN is 1 to 10 digits\r\n`);

    const preview = await cli('agent-crm', 'preview', '--npn', '7770001');
    expect(preview.stdout).toMatch(/policies\s+40/);
    expect(preview.stdout).toMatch(/NPN 7770001\s+40 policies/);
  }, 240_000);

  it('X-5 a missing file or a wrong command is a clear message and exit code 2; a refused request is exit 1 with the problem', async () => {
    const missing = await cli('import', path.join(dir, 'nope.csv'));
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('No such file') });
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    const refused = await cli('agent-crm', 'preview', '--npn', 'not-digits');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/400/);
  }, 180_000);
});

/** Leaves out the variables set to '' (so the CLI reads its saved sign-in, not an empty override). */
function stripEmpty(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')) as NodeJS.ProcessEnv;
}

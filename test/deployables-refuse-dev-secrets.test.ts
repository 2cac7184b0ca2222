import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV_JWT_SECRET } from '@agencyflow/config';

const root = path.resolve(__dirname, '..');

/** Starts a deployable as an operator would, with only the environment given; returns how it ended. */
function start(cwd: string, entry: string, env: Record<string, string>) {
  const { PATH, HOME } = process.env;
  const result = spawnSync(process.execPath, ['--import', 'tsx', entry], {
    cwd: path.join(root, cwd),
    env: { PATH: PATH ?? '', HOME: HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('deployables refuse to start with development secrets', () => {
  it.each([
    ['account service', 'services/account', 'src/main.ts'],
    ['workflow worker', 'workflows', 'src/worker/main.ts'],
  ])('X-4 the %s, started without settings of its own, exits naming the development secrets and echoing none', (_name, cwd, entry) => {
    const { status, output } = start(cwd, entry, {});
    expect(status).not.toBe(0);
    expect(output).toContain('JWT_SECRET');
    expect(output).toContain('PAYLOAD_KEYS');
    expect(output).not.toContain(DEV_JWT_SECRET);
  }, 60_000);
});

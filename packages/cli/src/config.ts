import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** Where the CLI finds the services and who it is: saved by `agencyflow login`, overridden by the environment. */
export interface CliConfig {
  token?: string;
  accountUrl: string;
  policyUrl: string;
  salesUrl: string;
  financeUrl: string;
}

/** The ports `npm start` serves on (scripts/dev-launcher.ts). */
const localDefaults = { accountUrl: 'http://127.0.0.1:3001', policyUrl: 'http://127.0.0.1:3002', salesUrl: 'http://127.0.0.1:3003', financeUrl: 'http://127.0.0.1:3004' };

export const configPath = (env: NodeJS.ProcessEnv = process.env): string =>
  env.AGENCYFLOW_CONFIG ?? path.join(env.XDG_CONFIG_HOME ?? path.join(homedir(), '.config'), 'agencyflow', 'config.json');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  let saved: Partial<CliConfig> = {};
  try {
    saved = JSON.parse(readFileSync(configPath(env), 'utf8')) as Partial<CliConfig>;
  } catch {
    // no saved sign-in yet
  }
  const pick = (key: keyof typeof localDefaults, variable: string) => env[variable] ?? saved[key] ?? localDefaults[key];
  const token = env.AGENCYFLOW_TOKEN ?? saved.token;
  return {
    ...(token ? { token } : {}),
    accountUrl: pick('accountUrl', 'AGENCYFLOW_ACCOUNT_URL'),
    policyUrl: pick('policyUrl', 'AGENCYFLOW_POLICY_URL'),
    salesUrl: pick('salesUrl', 'AGENCYFLOW_SALES_URL'),
    financeUrl: pick('financeUrl', 'AGENCYFLOW_FINANCE_URL'),
  };
}

/** Saves the sign-in readable by its owner only: the token is a credential. */
export function saveConfig(config: CliConfig, env: NodeJS.ProcessEnv = process.env): string {
  const file = configPath(env);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return file;
}

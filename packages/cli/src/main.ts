import { parseArgs } from 'node:util';
import { ApiClient, CliError } from './client';
import { loadConfig, saveConfig } from './config';
import { createOutput, type Output } from './progress';
import { preview, provision, resync } from './commands/agent-crm';
import { deadLetters } from './commands/dead-letters';
import { download } from './commands/downloads';
import { importCarrierFile, listImports } from './commands/imports';
import { followJob, isJobKind, jobKinds } from './commands/jobs';

const usage = `agencyflow: what admins do over HTTP, from the terminal (plain output when not on one)

  login --token <jwt> [--account-url U --policy-url U --sales-url U --finance-url U]
  import <file.csv> [--page-size N] [--no-follow]     upload a carrier file and follow its import
  imports [--state queued|importing|completed|failed] the tenant's imports, newest first
  follow <${Object.keys(jobKinds).join('|')}> <id>        follow a job to its end with a progress bar
  download <import|sales-run> <id> <which> [--out F]  rejections|outcomes (import), individuals|outcomes (sales-run)
  agent-crm preview --npn N [--npn N...]
  agent-crm provision --name N --kind agent|agency --user "Name,email,npn"... [--policy-sync] [--no-follow]
  agent-crm resync <businessId> [--no-follow]
  dead-letters list | replay <id>... | replay --all

The token and service URLs are kept in ~/.config/agencyflow/config.json (AGENCYFLOW_CONFIG to move it);
AGENCYFLOW_TOKEN and AGENCYFLOW_<SERVICE>_URL override them.`;

/** Runs one command; answers the exit code (0 done, 1 failed, 2 wrong usage). */
export async function main(argv: string[], out: Output = createOutput(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      token: { type: 'string' },
      'account-url': { type: 'string' },
      'policy-url': { type: 'string' },
      'sales-url': { type: 'string' },
      'finance-url': { type: 'string' },
      'page-size': { type: 'string' },
      'no-follow': { type: 'boolean', default: false },
      state: { type: 'string' },
      out: { type: 'string' },
      npn: { type: 'string', multiple: true, default: [] },
      name: { type: 'string' },
      kind: { type: 'string' },
      user: { type: 'string', multiple: true, default: [] },
      'policy-sync': { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    out.line(usage);
    return command || values.help ? 0 : 2;
  }
  const follow = !values['no-follow'];
  const api = () => new ApiClient(loadConfig(env));
  try {
    switch (command) {
      case 'login': {
        if (!values.token) throw new CliError('login --token <jwt> (an admin gets one from the identity provider; locally: npm run token)', 2);
        // Checked before it is saved: a wrong token or URL is said now, not at the next command.
        const current = loadConfig({ ...env, AGENCYFLOW_TOKEN: undefined });
        const next = {
          ...current,
          token: values.token,
          ...(values['account-url'] ? { accountUrl: values['account-url'] } : {}),
          ...(values['policy-url'] ? { policyUrl: values['policy-url'] } : {}),
          ...(values['sales-url'] ? { salesUrl: values['sales-url'] } : {}),
          ...(values['finance-url'] ? { financeUrl: values['finance-url'] } : {}),
        };
        const me = await new ApiClient(next).json<{ tenantId: string; subject: string; permissions: string[] }>('account', 'GET', '/me/permissions');
        const file = saveConfig(next, env);
        out.line(`signed in as ${me.subject} of ${me.tenantId} (${me.permissions.length} permissions); saved to ${file}`);
        return 0;
      }
      case 'import': {
        if (!rest[0]) throw new CliError('import <file.csv>', 2);
        const pageSize = values['page-size'] ? Number(values['page-size']) : undefined;
        if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize > 0)) throw new CliError('--page-size is a positive whole number', 2);
        return await importCarrierFile(api(), out, rest[0], { ...(pageSize ? { pageSize } : {}), follow });
      }
      case 'imports':
        return await listImports(api(), out, values.state);
      case 'follow': {
        const [kind, id] = rest;
        if (!kind || !isJobKind(kind) || !id) throw new CliError(`follow <${Object.keys(jobKinds).join('|')}> <id>`, 2);
        await followJob(api(), out, kind, id);
        return 0;
      }
      case 'download': {
        const [kind, id, which] = rest;
        if (!kind || !id || !which) throw new CliError('download <import|sales-run> <id> <which> [--out file]', 2);
        return await download(api(), out, kind, id, which, values.out);
      }
      case 'agent-crm': {
        const [action, id] = rest;
        if (action === 'preview') return await preview(api(), out, values.npn);
        if (action === 'provision') {
          return await provision(api(), out, { name: values.name, kind: values.kind, users: values.user, policySync: values['policy-sync'], follow });
        }
        if (action === 'resync') return await resync(api(), out, id, follow);
        throw new CliError('agent-crm preview | provision | resync', 2);
      }
      case 'dead-letters':
        return await deadLetters(out, rest[0], values.all ? ['--all'] : rest.slice(1), env);
      default:
        throw new CliError(`unknown command "${command}"\n\n${usage}`, 2);
    }
  } catch (error) {
    out.endProgress();
    if (error instanceof CliError) {
      process.stderr.write(`agencyflow: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

/**
 * `npm run token -- --tenant demo [--groups agency-admin,fmo-admin,operator] [--subject dev-user]
 *   [--permissions a,b] [--expires 8h]`: prints a JWT the services accept with their default
 * (development) settings. Use it as `Authorization: Bearer <token>`, or in the /docs page's
 * "Authorize" dialog. Local development only: it is signed with the well-known dev secret.
 * The services resolve `--groups` against the tenant's security groups; `--permissions` signs a
 * service token (`svc: true`), the only kind whose own permissions count (decision 0024).
 */
import { parseArgs } from 'node:util';
import type { Permission } from '@agencyflow/contracts';
import { issueToken } from '@agencyflow/testing';

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

async function main() {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string', default: 'demo' },
      groups: { type: 'string', default: 'agency-admin,fmo-admin,operator' },
      subject: { type: 'string', default: 'dev-user' },
      permissions: { type: 'string', default: '' },
      expires: { type: 'string', default: '8h' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('usage: npm run token -- [--tenant demo] [--groups g1,g2] [--subject id] [--permissions p1,p2] [--expires 8h]');
    return;
  }
  const token = await issueToken({
    tenantId: values.tenant,
    subject: values.subject,
    groups: list(values.groups),
    permissions: list(values.permissions) as Permission[],
    expiresIn: values.expires,
  });
  console.log(token);
}

main().catch((error: unknown) => {
  console.error('token failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});

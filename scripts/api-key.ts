/**
 * `npm run api-key -- --tenant <tenant> --subject <caller> --permissions p1,p2`: makes a new API
 * key. Prints the key (give it to the caller, once) and the entry for API_KEYS_JSON, which holds
 * only the key's SHA-256: the configuration never stores a key in clear.
 */
import { createHash, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    subject: { type: 'string', default: 'service' },
    permissions: { type: 'string', default: '' },
  },
  strict: true,
});
if (!values.tenant) {
  console.error('usage: npm run api-key -- --tenant <tenant> [--subject <caller>] [--permissions p1,p2]');
  process.exit(2);
}
const key = `afk_${randomBytes(32).toString('base64url')}`;
const hash = `sha256:${createHash('sha256').update(key).digest('hex')}`;
const permissions = values.permissions.split(',').map((p) => p.trim()).filter(Boolean);
console.log(`key (give it to the caller; it is not stored anywhere):\n  ${key}\n`);
console.log(`API_KEYS_JSON entry:\n  ${JSON.stringify({ [hash]: { sub: values.subject, tenant: values.tenant, permissions } })}`);

/**
 * `npm run seed [-- --seed 1 --accounts 300 --tenant demo --fmo-tenant demo-fmo --fmo-policies 2000]`
 *
 * Loads a realistic demo into a running system (`npm start` in another terminal) through the
 * services' public HTTP APIs, never their databases:
 *   - CRM tenant (default `demo`): custom fields, servicing agents, accounts with a primary and 0-3
 *     secondary contacts, policies across coverage types, activated or cancelled through the policy
 *     lifecycle so account statuses come out of the real rules (ACC-6/7/8);
 *   - FMO tenant (default `demo-fmo`): a carrier feed of its book of business, generated in memory and
 *     streamed to POST /carrier-feeds as text/csv (PS-2).
 * Deterministic for a --seed; rerunning with the same --seed duplicates nothing (Idempotency-Keys;
 * see scripts/seed/crm.ts). Services: ACCOUNT_URL / POLICY_URL (default http://127.0.0.1:3001 / :3002).
 */
import { parseArgs } from 'node:util';
import type { Permission } from '@agencyflow/contracts';
import { issueToken } from '@agencyflow/testing';
import { checkReady, Limiter, ServiceClient } from './seed/client';
import { seedCrm, type CrmResult } from './seed/crm';
import { buildBook, importBook } from './seed/fmo';
import { breakdown, countBy, n, progress } from './seed/report';

const usage = `usage: npm run seed -- [options]
  --seed N            the PRNG seed; the same seed gives the same data (default 1)
  --tenant ID         the CRM tenant (default demo)
  --accounts N        CRM accounts (default 300)
  --fmo-tenant ID     the FMO tenant (default demo-fmo)
  --fmo-policies N    policies in the FMO's carrier feed (default 2000)
  --concurrency N     requests in flight at most (default 8)
  --skip-crm | --skip-fmo
environment: ACCOUNT_URL (http://127.0.0.1:3001), POLICY_URL (http://127.0.0.1:3002)`;

const out = (line = '') => process.stdout.write(`${line}\n`);

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`--${name} must be a positive whole number, not "${value}"`);
  return Number(value);
}

async function tokenFor(tenantId: string) {
  return issueToken({
    tenantId,
    subject: 'seed',
    groups: ['agency-admin', 'fmo-admin', 'operator'],
    permissions: [] as Permission[],
    expiresIn: '2h',
  });
}

function reportCrm(result: CrmResult, tenant: string, seed: number, accountUrl: string) {
  const live = result.accounts.filter((a) => !a.gone);
  const gone = result.accounts.length - live.length;
  const existed = live.filter((a) => a.existed).length;
  const contacts = live.flatMap((a) => a.plan.contacts);
  const secondaries = contacts.filter((c) => c.relation !== null);
  const contactsAdded = live.reduce((sum, a) => sum + a.contactsAdded, 0);
  const policies = live.flatMap((a) => a.policies);
  const policiesNew = policies.filter((p) => !p.existed).length;
  const skipped = live.flatMap((a) => a.policiesSkipped);

  out(`  accounts          ${n(live.length)} (${n(live.length - existed)} new, ${n(existed)} already there from an earlier run with --seed ${seed}: not duplicated)`);
  if (gone) out(`                    ${n(gone)} seeded earlier were deleted since; left alone`);
  out(`  contacts          ${n(contacts.length)}: ${n(live.length)} primary, ${n(secondaries.length)} secondary (${breakdown(countBy(secondaries, (c) => c.relation))}); ${n(contactsAdded)} added now`);
  out(`                    with date of birth ${n(contacts.filter((c) => c.body.dateOfBirth).length)}, MBI ${n(contacts.filter((c) => c.body.mbi).length)}, SSN ${n(contacts.filter((c) => c.body.ssn).length)}, no email ${n(contacts.filter((c) => !c.body.email).length)}`);
  out(`  policies          ${n(policies.length)} (${n(policiesNew)} new): ${breakdown(countBy(policies, (p) => p.status))}`);
  out(`                    ${breakdown(countBy(policies, (p) => p.plan.coverageType))}`);
  if (skipped.length) out(`                    ${skipped.length} skipped, their policy number is taken by another account: ${skipped.slice(0, 3).join(', ')}${skipped.length > 3 ? ', ...' : ''}`);
  if (result.policyRetries) out(`                    ${n(result.policyRetries)} POST /policies answered 422 until the policy service had heard of the account or contact (retried)`);
  out(`  account statuses  ${breakdown(countBy(live, (a) => a.plan.expectedStatus))} (expected from the policies; checked on the service, with every contact's status: ${result.statusCheck.mismatches.length === 0 ? 'all match' : `${result.statusCheck.mismatches.length} differ`})`);
  for (const line of result.statusCheck.mismatches.slice(0, 5)) out(`    ! ${line}`);
  out(`  kinds             ${breakdown(countBy(live, (a) => a.plan.kind))}`);
  out('  look at one:');
  for (const status of ['active', 'inactive', 'prospect'] as const) {
    const example = live.find((a) => a.plan.expectedStatus === status && a.plan.contacts.length > 1);
    if (example) out(`    ${status.padEnd(9)} ${accountUrl}/accounts/${example.accountId}/360   "${example.plan.name}"`);
  }
  out(`    (TOKEN=$(npm run -s token -- --tenant ${tenant}); curl -s -H "authorization: Bearer $TOKEN" <url> | jq)`);
}

async function main() {
  const started = Date.now();
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      tenant: { type: 'string', default: 'demo' },
      accounts: { type: 'string' },
      'fmo-tenant': { type: 'string', default: 'demo-fmo' },
      'fmo-policies': { type: 'string' },
      concurrency: { type: 'string' },
      'skip-crm': { type: 'boolean', default: false },
      'skip-fmo': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    out(usage);
    return;
  }
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a whole number, not "${values.seed}"`);
  const accounts = positiveInt('accounts', values.accounts, 300);
  const fmoPolicies = positiveInt('fmo-policies', values['fmo-policies'], 2000);
  const concurrency = positiveInt('concurrency', values.concurrency, 8);
  const accountUrl = (process.env.ACCOUNT_URL ?? 'http://127.0.0.1:3001').replace(/\/$/, '');
  const policyUrl = (process.env.POLICY_URL ?? 'http://127.0.0.1:3002').replace(/\/$/, '');

  out(`agencyflow seed --seed ${seed}: ${values['skip-crm'] ? 'no CRM' : `${n(accounts)} account${accounts === 1 ? '' : 's'} in "${values.tenant}"`}, ` +
    `${values['skip-fmo'] ? 'no FMO feed' : `a ${n(fmoPolicies)}-policy carrier feed in "${values['fmo-tenant']}"`}, at most ${concurrency} requests in flight`);
  await checkReady([
    { name: 'account', baseUrl: accountUrl },
    { name: 'policy', baseUrl: policyUrl },
  ]);
  out(`  services ready: account ${accountUrl}, policy ${policyUrl}`);

  const limiter = new Limiter(concurrency);
  const clients: ServiceClient[] = [];
  const client = (name: string, url: string, token: string) => {
    const c = new ServiceClient(name, url, token, limiter);
    clients.push(c);
    return c;
  };
  const bars = progress();

  if (!values['skip-crm']) {
    out();
    out(`CRM tenant "${values.tenant}"`);
    const token = await tokenFor(values.tenant);
    const result = await seedCrm({
      seed,
      accounts,
      concurrency,
      account: client('account', accountUrl, token),
      policy: client('policy', policyUrl, token),
      progress: bars,
      log: out,
    });
    reportCrm(result, values.tenant, seed, accountUrl);
    if (result.statusCheck.mismatches.length) process.exitCode = 1;
  }

  if (!values['skip-fmo']) {
    const tenant = values['fmo-tenant'];
    out();
    out(`FMO tenant "${tenant}"`);
    const book = buildBook(seed, fmoPolicies);
    const bar = bars.start('carrier feed (text/csv)', 1);
    const { summary, bytes, ms } = await importBook(client('policy', policyUrl, await tokenFor(tenant)), book);
    bar.done();
    const s = summary;
    out(`  file              ${n(book.rows.length)} rows (one per member), ${n(Math.round(bytes / 1024))} KB, streamed in ${(ms / 1000).toFixed(1)}s; ${book.invalidRows} rows are invalid on purpose`);
    out(`  import ${s.importId}`);
    out(`  rows              total ${n(s.rows.total)}, valid ${n(s.rows.valid)}, rejected ${n(s.rows.rejected)}`);
    for (const r of s.rejections.slice(0, 5)) out(`                    row ${r.row}: ${r.reason}`);
    out(`  policies          inserted ${n(s.policies.inserted)}, updated ${n(s.policies.updated)}, unchanged ${n(s.policies.unchanged)}` +
      (s.policies.inserted === 0 && s.policies.updated === 0 ? '  (the same file again changes nothing, PS-2)' : ''));
    out(`  members           inserted ${n(s.members.inserted)}, updated ${n(s.members.updated)}, unchanged ${n(s.members.unchanged)}`);
    if (s.ignoredColumns.length) out(`  ignored columns   ${s.ignoredColumns.join(', ')}`);
    out(`  in the file       ${n(book.policies)} policies: ${breakdown(book.statuses)}`);
    out(`                    ${breakdown(book.coverage)}`);
    out('  writing agents    NPN        name               policies  members  without email');
    for (const a of [...book.agents].sort((x, y) => y.policies - x.policies)) {
      out(`                    ${a.npn.padEnd(10)} ${a.name.padEnd(18)} ${String(a.policies).padStart(8)} ${String(a.members).padStart(8)} ${String(a.withoutEmail).padStart(14)}`);
    }
    const total = book.agents.reduce((sum, a) => ({ members: sum.members + a.members, withoutEmail: sum.withoutEmail + a.withoutEmail }), { members: 0, withoutEmail: 0 });
    out(`                    members without email: ${n(total.withoutEmail)} of ${n(total.members)} (Agent CRM provisioning previews count them, PS-5/PS-9)`);
  }

  const requests = clients.reduce((sum, c) => sum + c.requests, 0);
  out();
  out(`Done in ${((Date.now() - started) / 1000).toFixed(1)}s (${n(requests)} requests). Run it again with the same --seed: nothing is duplicated ` +
    '(accounts, policies and status changes come back from their Idempotency-Keys, the feed imports as "unchanged"); another --seed adds a new set.');
}

main().catch((error: unknown) => {
  process.stderr.write(`\nseed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import request from 'supertest';
import { eventually, shortId } from '@agencyflow/testing';
import { bookRows, importBook } from '../support/fmo-book';
import type { Pools } from './pools';
import { seededCustomFields } from './samples';

/**
 * The records the fuzzed requests point at, made through the public APIs: households with
 * contacts, deal cards and files, custom fields, a servicing agent, an FMO book (carrier feed),
 * CRM policies on the households, an Agent CRM agency with policy sync, a finished system probe,
 * security groups with a member.
 * Small on purpose: every rejected request re-reads every table.
 */
export interface FixtureApi {
  accountUrl: string;
  policyUrl: string;
  salesUrl: string;
  token: string;
}

const agentNpn = '7700001';
const book = bookRows([
  { npn: agentNpn, policies: 3, spouseEvery: 2 },
  { npn: '7700002', policies: 2 },
]);

async function call(api: FixtureApi, url: string, method: 'post' | 'get' | 'put', path: string, body?: unknown, expected = [200, 201, 202]) {
  const pending = request(url)[method](path).set('authorization', `Bearer ${api.token}`);
  const res = body instanceof Buffer ? await pending.set('content-type', 'application/octet-stream').send(body) : await pending.send(body as object);
  if (!expected.includes(res.status)) throw new Error(`fixture: ${method.toUpperCase()} ${path} answered ${res.status} ${res.text.slice(0, 300)}`);
  return res.body as Record<string, unknown>;
}

/** An account with a primary and two secondary contacts, a deal card and a file. */
async function household(api: FixtureApi, n: number) {
  const account = await call(api, api.accountUrl, 'post', '/accounts', { name: `Fuzz household ${n}` });
  const contacts = `/accounts/${account.id}/contacts`;
  const primary = await call(api, api.accountUrl, 'post', contacts, {
    firstName: 'Maria',
    lastName: `Rivera${n}`,
    email: `maria.${n}.${shortId()}@example.com`,
    dateOfBirth: '1954-03-18',
    mbi: '1EG4-TE5-MK73',
    ssn: '123-45-6789',
    state: 'FL',
    customFields: { note: 'prefers mornings', preferred_language: 'Spanish' },
  });
  await call(api, api.accountUrl, 'post', contacts, { firstName: 'Jose', lastName: `Rivera${n}`, relation: 'spouse' });
  await call(api, api.accountUrl, 'post', contacts, { firstName: 'Ana', lastName: `Rivera${n}`, relation: 'child', dateOfBirth: '2010-05-01' });
  await call(api, api.accountUrl, 'post', `/contacts/${primary.id}/deal-cards`, { title: 'Medicare Supplement plan G', stage: 'proposal', value: '1740.00' });
  await call(api, api.accountUrl, 'post', `/contacts/${primary.id}/files?fileName=card.pdf&contentType=application/pdf`, Buffer.from('%PDF-1.4 fuzz'));
  return { accountId: String(account.id), primaryId: String(primary.id) };
}

/** A CRM policy on the household, once the policy service has learned the account from its events. */
async function policyFor(api: FixtureApi, accountId: string, n: number) {
  const body = { accountId, carrier: 'Bluepoint Health', policyNumber: `FZ-${n}-${shortId()}`, coverageType: 'medicare-advantage', effectiveDate: '2026-01-01', premium: '0', writingAgentNpn: agentNpn };
  return eventually(() => call(api, api.policyUrl, 'post', '/policies', body, [201]), { timeoutMs: 30_000, intervalMs: 250 });
}

export async function seedFixture(api: FixtureApi) {
  for (const field of seededCustomFields) await call(api, api.accountUrl, 'post', '/custom-fields', field);
  await call(api, api.accountUrl, 'post', '/servicing-agents', { name: 'Dana Brooks', npn: agentNpn, userId: 'user-dana' });
  await importBook(api.policyUrl, api.token, book);
  const households = [];
  for (let n = 1; n <= 3; n++) households.push(await household(api, n));
  const policies = [];
  for (const [n, { accountId }] of households.entries()) policies.push(await policyFor(api, accountId, n));
  await call(api, api.policyUrl, 'post', `/policies/${policies[0]!.id}/activate`);
  await provisionAgency(api);
  await probe(api);
  // The tenant's security groups (its defaults, made on first use) with a member in one.
  const groups = (await call(api, api.accountUrl, 'get', '/security-groups')).items as Array<{ id: string }>;
  await call(api, api.accountUrl, 'put', `/security-groups/${groups[0]!.id}/members/agent-7`);
}

/** An agency with policy sync on whose agent wrote part of the book: its first sync copies those policies. */
async function provisionAgency(api: FixtureApi) {
  const business = await call(api, api.accountUrl, 'post', '/agent-crm/businesses', {
    name: 'Fuzz Agency',
    kind: 'agency',
    policySyncEnabled: true,
    users: [{ name: 'Alice Brooks', email: `alice.${shortId()}@brooks.example`, npn: agentNpn }],
  });
  await eventually(
    async () => {
      const state = await call(api, api.accountUrl, 'get', `/agent-crm/businesses/${business.businessId}`);
      if ((state.business as { state?: string }).state !== 'active' || state.runningSync !== null) throw new Error('business still provisioning');
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
}

/** A system probe run to the end, for the probe route to read (a running one needs the workflow worker). */
async function probe(api: FixtureApi) {
  await request(api.salesUrl).post('/admin/system-probes').set({ authorization: `Bearer ${api.token}`, 'idempotency-key': 'fuzz-probe' }).send({ note: 'fuzz' }).expect(202);
  await eventually(
    async () => {
      const probe = await call(api, api.salesUrl, 'get', '/admin/system-probes/fuzz-probe');
      if (probe.status !== 'COMPLETED') throw new Error('probe still running');
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
}

/**
 * Households and feed policies again where DELETE routes took them (through the APIs; no events
 * flow any more, so no CRM policies). The workflow worker is stopped by now, so the book's upload
 * is staged over HTTP and its pages written by `writeImport`: the import workflow's own code, run
 * in this process. Says whether it made anything.
 */
export async function topUpFixture(api: FixtureApi, pools: Pools, writeImport: (importId: string) => Promise<void>): Promise<boolean> {
  const households = pools.accounts.length < 2 || pools.contacts.length < 6 || pools.files.length < 1;
  const policies = pools.policies.length < 4;
  if (households) await household(api, pools.accounts.length + 10);
  if (policies) {
    const staged = await call(api, api.policyUrl, 'post', '/carrier-feeds/json', { rows: book }, [202]);
    await writeImport(String(staged.importId));
  }
  return households || policies;
}

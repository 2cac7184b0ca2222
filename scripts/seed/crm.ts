/**
 * Loads the CRM demo tenant through the account and policy services' HTTP APIs:
 *   1. settings: custom field definitions and servicing agents (both looked up first, so a rerun adds none);
 *   2. accounts with their contacts (the first contact becomes the primary, ACC-1);
 *   3. policies on the policy service (which learns of accounts and contacts from the account service's
 *      events, so a very fresh account can answer 422 for a moment: retried), then activated and/or
 *      cancelled through the lifecycle routes, so the account service derives account statuses (ACC-6/7/8);
 *   4. a check that every account and its contacts reached the expected status.
 *
 * Reruns: every account is opened with Idempotency-Key `seed-<seed>-account-<n>`. With the same --seed the
 * service answers the stored account (Idempotent-Replayed) instead of opening a new one; contacts already
 * there (same name) are kept, policies and status changes come back from their keys too. Nothing is
 * duplicated. A different --seed adds a new set of accounts next to the old ones.
 */
import { HttpError, forEachLimited, sleep, type ServiceClient } from './client';
import { customFieldDefinitions, planAccount, servicingAgents, type AccountPlan, type AccountStatus, type PolicyPlan } from './crm-plan';
import type { Progress } from './report';

export interface CrmOptions {
  seed: number;
  accounts: number;
  concurrency: number;
  account: ServiceClient;
  policy: ServiceClient;
  progress: Progress;
  log: (line: string) => void;
}

interface ContactView {
  id: string;
  firstName: string;
  lastName: string;
  role: 'primary' | 'secondary';
  relation: string | null;
  status: AccountStatus;
}
interface AccountView {
  id: string;
  name: string;
  status: AccountStatus;
}
interface PolicyView {
  id: string;
  status: string;
}

interface Seeded {
  plan: AccountPlan;
  accountId: string;
  /** The account was there from an earlier run (its Idempotency-Key was replayed). */
  existed: boolean;
  /** Gone since an earlier run (deleted by someone): skipped. */
  gone: boolean;
  contactIds: string[];
  contactsAdded: number;
  policies: Array<{ plan: PolicyPlan; id: string; status: string; existed: boolean }>;
  policiesSkipped: string[];
}

export interface CrmResult {
  accounts: Seeded[];
  settings: { customFields: { total: number; added: number }; agents: { total: number; added: number } };
  policyRetries: number;
  statusCheck: { settledInMs: number; mismatches: string[] };
}

async function ensureSettings({ account }: CrmOptions) {
  let fieldsAdded = 0;
  for (const definition of customFieldDefinitions) {
    const res = await account.post('/custom-fields', definition, { accept: [409] });
    if (res.status === 201) fieldsAdded += 1;
  }
  const existing = (await account.get<{ items: Array<{ id: string; name: string; npn: string | null }> }>('/servicing-agents')).body.items;
  const agentIds: string[] = [];
  let agentsAdded = 0;
  for (const agent of servicingAgents) {
    const found = existing.find((a) => a.name === agent.name && a.npn === agent.npn);
    if (found) {
      agentIds.push(found.id);
      continue;
    }
    agentIds.push((await account.post<{ id: string }>('/servicing-agents', agent)).body.id);
    agentsAdded += 1;
  }
  return {
    agentIds,
    settings: {
      customFields: { total: customFieldDefinitions.length, added: fieldsAdded },
      agents: { total: servicingAgents.length, added: agentsAdded },
    },
  };
}

async function seedAccount(opts: CrmOptions, plan: AccountPlan, agentIds: string[]): Promise<Seeded> {
  const { account, seed } = opts;
  const opened = await account.post<AccountView>('/accounts', { name: plan.name }, { idempotencyKey: `seed-${seed}-account-${plan.index}` });
  const seeded: Seeded = { plan, accountId: opened.body.id, existed: opened.replayed, gone: false, contactIds: [], contactsAdded: 0, policies: [], policiesSkipped: [] };

  // On a rerun, keep the contacts an earlier run added (matched by name) and add only what is missing.
  let existing: ContactView[] = [];
  if (opened.replayed) {
    const res = await account.get<{ items: ContactView[] }>(`/accounts/${seeded.accountId}/contacts`, { accept: [404] });
    if (res.status === 404) return { ...seeded, gone: true };
    existing = res.body.items;
  }
  for (const contact of plan.contacts) {
    const match = existing.find((c) => c.firstName === contact.body.firstName && c.lastName === contact.body.lastName && !seeded.contactIds.includes(c.id));
    if (match) {
      seeded.contactIds.push(match.id);
      continue;
    }
    const body = { ...contact.body, ...(contact.servicingAgent === null ? {} : { servicingAgentId: agentIds[contact.servicingAgent] }) };
    const res = await account.post<ContactView>(`/accounts/${seeded.accountId}/contacts`, body);
    seeded.contactIds.push(res.body.id);
    seeded.contactsAdded += 1;
  }
  return seeded;
}

const medicare = new Set(['medicare-advantage', 'medicare-supplement', 'prescription-drug-plan']);

function policyBody(seeded: Seeded, policy: PolicyPlan) {
  const { plan, accountId, contactIds } = seeded;
  return {
    accountId,
    policyholderContactId: contactIds[policy.holder],
    carrier: policy.carrier,
    policyNumber: policy.policyNumber,
    coverageType: policy.coverageType,
    effectiveDate: policy.effectiveDate,
    renewalDate: policy.renewalDate,
    premium: policy.premium,
    writingAgentNpn: servicingAgents[policy.agent]!.npn,
    members: policy.members.map((member) => {
      const c = plan.contacts[member.contact]!.body;
      const hasAddress = typeof c.addressLine1 === 'string';
      return {
        relationship: member.relationship,
        firstName: c.firstName,
        lastName: c.lastName,
        dateOfBirth: c.dateOfBirth ?? null,
        gender: c.gender ?? null,
        email: c.email ?? null,
        phone: c.cellPhone ?? c.homePhone ?? null,
        address: hasAddress ? { line1: c.addressLine1, city: c.city, state: c.state, zip: c.zip } : null,
        mbi: medicare.has(policy.coverageType) ? (c.mbi ?? null) : null,
        contactId: contactIds[member.contact],
      };
    }),
  };
}

/**
 * POST /policies until the policy service knows the account and its contacts. A 4xx answer is stored
 * under its Idempotency-Key and replayed for that key, so each retry after a 422 uses the next key
 * (`...-r1`, `-r2`, ...); a rerun walks the same keys and gets the stored answers back.
 */
async function createPolicy(opts: CrmOptions, seeded: Seeded, policy: PolicyPlan, j: number, onRetry: () => void) {
  const base = `seed-${opts.seed}-policy-${seeded.plan.index}-${j}`;
  const body = policyBody(seeded, policy);
  for (let attempt = 0; ; attempt++) {
    const res = await opts.policy.post<PolicyView & { type?: string }>('/policies', body, {
      idempotencyKey: attempt === 0 ? base : `${base}-r${attempt}`,
      accept: [409, 422],
    });
    if (res.status === 201) return { id: res.body.id, status: res.body.status, existed: res.replayed };
    const type = String(res.body.type ?? '').split('/').pop();
    if (res.status === 422 && (type === 'unknown-account' || type === 'contact-not-in-account') && attempt < 30) {
      onRetry();
      if (!res.replayed) await sleep(Math.min(2000, 100 * 2 ** attempt));
      continue;
    }
    if (res.status === 409 && type === 'policy-number-taken') return undefined;
    throw new HttpError('POST', `${opts.policy.baseUrl}/policies`, res.status, res.body);
  }
}

async function lifecycle(opts: CrmOptions, action: 'activate' | 'cancel', seeded: Seeded, j: number, policyId: string): Promise<string> {
  const res = await opts.policy.post<{ message: string; policy: PolicyView; type?: string }>(`/policies/${policyId}/${action}`, undefined, {
    idempotencyKey: `seed-${opts.seed}-${action}-${seeded.plan.index}-${j}`,
    accept: [409],
  });
  // 409: someone changed the policy since an earlier run; leave it as it is.
  return res.status === 409 ? 'unchanged' : res.body.policy.status;
}

async function seedPolicies(opts: CrmOptions, seeded: Seeded, onRetry: () => void) {
  const created: Array<{ j: number; plan: PolicyPlan; id: string; status: string; existed: boolean }> = [];
  for (const [j, policy] of seeded.plan.policies.entries()) {
    const result = await createPolicy(opts, seeded, policy, j, onRetry);
    if (!result) {
      seeded.policiesSkipped.push(`${policy.carrier} ${policy.policyNumber}`);
      continue;
    }
    created.push({ j, plan: policy, ...result });
  }
  // Activations first, then cancellations: the account goes prospect -> active (-> inactive) once.
  for (const p of created) {
    if (p.plan.fate === 'active' || p.plan.fate === 'cancelled') {
      const status = await lifecycle(opts, 'activate', seeded, p.j, p.id);
      if (status !== 'unchanged') p.status = status;
    }
  }
  for (const p of created) {
    if (p.plan.fate === 'cancelled' || p.plan.fate === 'withdrawn') {
      const status = await lifecycle(opts, 'cancel', seeded, p.j, p.id);
      if (status !== 'unchanged') p.status = status;
    }
  }
  seeded.policies = created.map(({ plan, id, status, existed }) => ({ plan, id, status, existed }));
}

/** Waits until every account (and each of its contacts, ACC-8) shows the status its policies call for. */
async function checkStatuses(opts: CrmOptions, seeded: Seeded[]) {
  const started = Date.now();
  let pending = seeded.filter((s) => !s.gone);
  const mismatches = new Map<string, string>();
  for (let round = 0; pending.length > 0 && Date.now() - started < 60_000; round++) {
    if (round > 0) await sleep(1000);
    const still: Seeded[] = [];
    await forEachLimited(pending, opts.concurrency, async (s) => {
      const [acc, contacts] = await Promise.all([
        opts.account.get<AccountView>(`/accounts/${s.accountId}`),
        opts.account.get<{ items: ContactView[] }>(`/accounts/${s.accountId}/contacts`),
      ]);
      const wrongContacts = contacts.body.items.filter((c) => c.status !== acc.body.status);
      if (acc.body.status === s.plan.expectedStatus && wrongContacts.length === 0) {
        mismatches.delete(s.accountId);
        return;
      }
      still.push(s);
      mismatches.set(
        s.accountId,
        `account ${s.accountId} "${s.plan.name}" is ${acc.body.status}, expected ${s.plan.expectedStatus}` +
          (wrongContacts.length ? `; ${wrongContacts.length} contact(s) differ from the account` : ''),
      );
    });
    pending = still;
  }
  return { settledInMs: Date.now() - started, mismatches: [...mismatches.values()] };
}

export async function seedCrm(opts: CrmOptions): Promise<CrmResult> {
  const { agentIds, settings } = await ensureSettings(opts);
  opts.log(
    `  settings: ${settings.customFields.total} custom fields (${settings.customFields.added} new), ` +
      `${settings.agents.total} servicing agents (${settings.agents.added} new)`,
  );

  const plans = Array.from({ length: opts.accounts }, (_, i) => planAccount(opts.seed, i + 1));
  const seeded: Seeded[] = new Array<Seeded>(plans.length);
  const bar = opts.progress.start('accounts + contacts', plans.length);
  await forEachLimited(plans, opts.concurrency, async (plan, i) => {
    seeded[i] = await seedAccount(opts, plan, agentIds);
  }, bar.update);
  bar.done();

  let policyRetries = 0;
  const live = seeded.filter((s) => !s.gone);
  const withPolicies = live.filter((s) => s.plan.policies.length > 0);
  const policyBar = opts.progress.start('policies + lifecycle', withPolicies.length);
  await forEachLimited(withPolicies, opts.concurrency, (s) => seedPolicies(opts, s, () => (policyRetries += 1)), policyBar.update);
  policyBar.done();

  const checkBar = opts.progress.start('waiting for account statuses', 1);
  const statusCheck = await checkStatuses(opts, seeded);
  checkBar.done();
  return { accounts: seeded, settings, policyRetries, statusCheck };
}

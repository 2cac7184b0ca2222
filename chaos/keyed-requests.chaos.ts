import { performance } from 'node:perf_hooks';
import { topicName } from '@agencyflow/contracts';
import { listDeadLetters, readTopicsToEnd } from '@agencyflow/kafka';
import { issueToken, shortId } from '@agencyflow/testing';
import { createAccounts, createPolicies, householdPermissions } from './households';
import type { KeyedAnswer } from './keyed-client';
import type { ManagedProcess } from './processes';
import { statusMismatches } from './checks';
import { runInSystem, sharedEndpoints, type System } from './system';

export interface KeyedRequestsOptions {
  /** Households: each is one account, one contact and one active policy, three keyed requests. */
  households: number;
  /** kill -9s of the account service while accounts and contacts are created, and of the policy service while policies are. */
  kills: number;
  concurrency?: number;
  log?: (line: string) => void;
}

export interface KeyedRequestsResult {
  scenario: 'keyed-requests-service-kill';
  n: number;
  expected: { accounts: number; contacts: number; policies: number; events: number };
  present: { accounts: number; contacts: number; policies: number; events: number };
  missing: number;
  duplicated: number;
  deadLettered: number;
  statusMismatches: number;
  faults: string[];
  /** Requests sent again after a lost answer, and how the retried ones were finally answered. */
  retries: number;
  answeredBy: Record<KeyedAnswer['via'], number>;
  seconds: number;
}

/**
 * X-5 and X-2 under fault (X-6): households are created through keyed requests (account,
 * contact, active policy) by clients that retry a request whose answer was lost with the same
 * Idempotency-Key, while the service taking them is kill -9'ed. Then counted: every household
 * exists exactly once (SQL), every creation was published (Kafka), the account service applied
 * every policy event once (ACC-6: every account active), nothing dead-lettered.
 */
export async function keyedRequestsUnderServiceKills({ households, kills, concurrency = 8, log = () => {} }: KeyedRequestsOptions): Promise<KeyedRequestsResult> {
  return runInSystem(sharedEndpoints(), log, async (system) => {
    const { accountUrl, policyUrl, databases } = system;
    const tenant = `keyed-${shortId()}`;
    const headers = { authorization: `Bearer ${await issueToken({ tenantId: tenant, subject: 'chaos', permissions: householdPermissions, expiresIn: '12h' })}` };
    const run = shortId();
    const faults: string[] = [];
    const started = performance.now();

    const work = { accountUrl, policyUrl, headers, run, count: households, concurrency };
    log(`creating ${households} accounts and contacts with the account service kill -9ed ${kills} times`);
    const accounts = await underKills(system.account, kills, faults, () => createAccounts(work));
    log(`creating ${households} active policies with the policy service kill -9ed ${kills} times`);
    const created = await underKills(system.policy, kills, faults, () => createPolicies(work, accounts));

    log('waiting for the account service to apply every policy event');
    const statusMismatches = await settledStatusMismatches(databases.account.sql, tenant, households);
    const seconds = (performance.now() - started) / 1000;

    const [accountRows] = await databases.account.sql<{ accounts: number; distinct_names: number; contacts: number; accounts_with_contact: number }[]>`
      select (select count(*)::int from accounts where tenant_id = ${tenant}) as accounts,
        (select count(distinct name)::int from accounts where tenant_id = ${tenant}) as distinct_names,
        (select count(*)::int from contacts where tenant_id = ${tenant}) as contacts,
        (select count(distinct account_id)::int from contacts where tenant_id = ${tenant}) as accounts_with_contact`;
    const [policyRows] = await databases.policy.sql<{ policies: number; distinct_numbers: number }[]>`
      select count(*)::int as policies, count(distinct policy_number)::int as distinct_numbers from policies where tenant_id = ${tenant}`;
    const published = await createdOnKafka(system, tenant);
    const deadLettered = (await listDeadLetters(system.kafka, system.topicPrefix)).length;

    const a = accountRows!;
    const p = policyRows!;
    const answers = created.flatMap((h) => h.answers);
    return {
      scenario: 'keyed-requests-service-kill',
      n: households,
      expected: { accounts: households, contacts: households, policies: households, events: households * 2 },
      present: { accounts: a.distinct_names, contacts: a.accounts_with_contact, policies: p.distinct_numbers, events: published },
      missing: households * 3 - a.distinct_names - a.accounts_with_contact - p.distinct_numbers + (households * 2 - published),
      duplicated: a.accounts - a.distinct_names + (a.contacts - a.accounts_with_contact) + (p.policies - p.distinct_numbers),
      deadLettered,
      statusMismatches,
      faults,
      retries: answers.reduce((sum, x) => sum + x.retries, 0),
      answeredBy: {
        created: answers.filter((x) => x.via === 'created').length,
        replayed: answers.filter((x) => x.via === 'replayed').length,
        applied: answers.filter((x) => x.via === 'applied').length,
      },
      seconds,
    };
  });
}

/** Runs `work` while `target` is kill -9'ed `kills` times at random moments, started again each time. */
export async function underKills<T>(target: ManagedProcess, kills: number, faults: string[], work: () => Promise<T>): Promise<T> {
  let done = false;
  const working = work().finally(() => {
    done = true;
  });
  for (let i = 0; i < kills && !done; i++) {
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1200));
    if (done) break;
    await target.kill();
    faults.push(`killed the ${target.name} service (kill -9) during keyed requests #${i + 1}, started it again`);
    await target.start();
  }
  return working;
}

/** Waits until the account service holds a summary of every policy, then counts accounts not active (ACC-6) and contacts not at their account's status (ACC-8). */
async function settledStatusMismatches(sql: import('postgres').Sql, tenant: string, households: number): Promise<number> {
  for (const deadline = Date.now() + 10 * 60_000; ; ) {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from policy_summaries where tenant_id = ${tenant}`;
    if (row!.n >= households || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return statusMismatches(sql, tenant);
}

/** Distinct accounts (account-created) and policies (policy-changed) with an event on Kafka; a redelivered event counts once. */
async function createdOnKafka(system: System, tenant: string): Promise<number> {
  const messages = await readTopicsToEnd(
    system.kafka,
    [topicName(system.topicPrefix, 'account.events'), topicName(system.topicPrefix, 'policy.events')],
    { timeoutMs: 5 * 60_000 },
  );
  const created = new Set<string>();
  for (const { message } of messages) {
    const event = JSON.parse(message.value?.toString() ?? '{}') as { type?: string; tenantId?: string; aggregateId?: string };
    if (event.tenantId === tenant && (event.type === 'account.account-created' || event.type === 'policy.policy-changed')) created.add(`${event.type}/${event.aggregateId}`);
  }
  return created.size;
}

import { performance } from 'node:perf_hooks';
import { topicName } from '@agencyflow/contracts';
import { listDeadLetters, readTopicsToEnd } from '@agencyflow/kafka';
import { issueToken, shortId } from '@agencyflow/testing';
import { createAccounts, createPolicies, householdPermissions, type Household } from './households';
import { sendChange } from './keyed-client';
import { PrivateKafka } from './private-infra/kafka';
import { statusMismatches } from './checks';
import { sharedEndpoints, startSystem, type System } from './system';

export interface InteractiveEventsOptions {
  /** Changes made over HTTP, each one event: account renames and policy premium changes, alternately. At least this many: the stream goes on until every fault has landed. */
  events: number;
  households: number;
  brokerRestarts: number;
  consumerKills: number;
  concurrency?: number;
  log?: (line: string) => void;
}

export interface InteractiveEventsResult {
  scenario: 'events-broker-restart';
  n: number;
  /** Events the changes produced (distinct ids on Kafka), and those each consumer applied. */
  expected: { published: number; historyEntries: number; directoryNames: number; policySummaries: number };
  present: { published: number; historyEntries: number; directoryNames: number; policySummaries: number };
  /** Events written to an outbox but never published, plus events on Kafka a consumer never applied, plus stale read models. */
  missing: number;
  /** Events applied more than once (history entries per event id beyond one). */
  duplicated: number;
  deadLettered: number;
  statusMismatches: number;
  faults: string[];
  seconds: number;
  eventsPerSecond: number;
}

/**
 * under a failing broker: users keep changing accounts (each rename an event the
 * policy service's directory and the account history consume) and policies (each change an event
 * the account service's summaries and history consume) while the scenario's own Kafka broker is
 * kill -9'ed and restarted and the consumer processes (the services) are kill -9'ed. Then: every
 * change is published once, applied once by every consumer, and the read models match their
 * sources.
 */
export async function eventsUnderBrokerRestarts({ events, households, brokerRestarts, consumerKills, concurrency = 8, log = () => {} }: InteractiveEventsOptions): Promise<InteractiveEventsResult> {
  const broker = await PrivateKafka.start();
  let system: System | undefined;
  try {
    system = await startSystem({ ...sharedEndpoints(), kafkaBrokers: broker.brokers }, log);
    const { accountUrl, policyUrl } = system;
    const tenant = `events-${shortId()}`;
    const headers = { authorization: `Bearer ${await issueToken({ tenantId: tenant, subject: 'chaos', permissions: householdPermissions, expiresIn: '12h' })}` };
    const run = shortId();
    const work = { accountUrl, policyUrl, headers, run, count: households, concurrency };
    log(`creating ${households} households`);
    const created = await createPolicies(work, await createAccounts(work));

    log(`making ${events} changes with the broker restarted ${brokerRestarts} times and the services kill -9ed ${consumerKills} times`);
    const started = performance.now();
    // At least `events` changes, and on until every fault has landed, so none falls after the stream.
    let faultsDone = false;
    const stream = changeStream({ accountUrl, policyUrl, headers, run, households: created, concurrency }, (i) => i < events || !faultsDone);
    const faults = await injectFaults(system, broker, { brokerRestarts, consumerKills }, (share) => stream.made() >= share * events).finally(() => {
      faultsDone = true;
    });
    const made = await stream.finished;
    const seconds = (performance.now() - started) / 1000;

    log('waiting for every outbox to drain and every consumer to catch up');
    const counts = await settleChanges(system, tenant);
    const deadLettered = (await listDeadLetters(system.kafka, system.topicPrefix)).length;
    return {
      scenario: 'events-broker-restart',
      n: made,
      ...counts,
      deadLettered,
      faults,
      seconds,
      eventsPerSecond: Math.round(made / seconds),
    };
  } catch (error) {
    log(system?.tails() ?? '');
    throw error;
  } finally {
    await system?.stop();
    await broker.stop();
  }
}

/**
 * Spreads the restarts and kills over the run, one at a time, in random order: the k-th of n
 * faults once about k/(n+1) of the changes are made (`reached(share)`), so each lands mid-run.
 */
async function injectFaults(
  system: System,
  broker: PrivateKafka,
  { brokerRestarts, consumerKills }: { brokerRestarts: number; consumerKills: number },
  reached: (share: number) => boolean,
): Promise<string[]> {
  const plan = [...Array(brokerRestarts).fill('broker'), ...Array(consumerKills).fill('consumer')].sort(() => Math.random() - 0.5) as Array<'broker' | 'consumer'>;
  const faults: string[] = [];
  let kills = 0;
  for (const [k, fault] of plan.entries()) {
    const share = (k + 1 + (Math.random() - 0.5) * 0.5) / (plan.length + 1);
    while (!reached(share)) await new Promise((resolve) => setTimeout(resolve, 100));
    if (fault === 'broker') {
      await broker.restart();
      faults.push('killed the Kafka broker (kill -9) and started it again');
    } else {
      // Alternately the account service (consumer of policy events) and the policy service (of account events).
      const target = kills++ % 2 === 0 ? system.account : system.policy;
      await target.kill();
      faults.push(`killed the ${target.name} service, a consumer process (kill -9), and started it again`);
      await target.start();
    }
  }
  return faults;
}

/**
 * Users' changes, `concurrency` at a time while `goOn(i)` says so for the i-th: account renames
 * (each an account.account-updated the policy service's directory and the account history
 * consume) and policy premium changes (each a policy.policy-changed the account service's
 * summaries and history consume), alternately, over `households`. Each sent until answered.
 */
export function changeStream(
  { accountUrl, policyUrl, headers, run, households, concurrency }: { accountUrl: string; policyUrl: string; headers: Record<string, string>; run: string; households: Household[]; concurrency: number },
  goOn: (i: number) => boolean,
): { made: () => number; finished: Promise<number> } {
  let made = 0;
  let next = 0;
  const change = async (i: number) => {
    const household = households[Math.floor(i / 2) % households.length]!;
    await (i % 2 === 0
      ? sendChange(`${accountUrl}/accounts/${household.accountId}`, { name: `Household ${run} change ${i}` }, headers)
      : sendChange(`${policyUrl}/policies/${household.policyId}`, { premium: `${(i % 100_000) / 100}` }, headers));
    made++;
  };
  const finished = Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; goOn(i); i = next++) await change(i);
    }),
  ).then(() => made);
  return { made: () => made, finished };
}

/** Waits until nothing is left to publish or apply (or 15 minutes), then compares every read model with its source. */
export async function settleChanges(system: System, tenant: string) {
  const { account, policy } = system.databases;
  const unpublished = async () => {
    const [a] = await account.sql<{ n: number }[]>`select count(*)::int as n from outbox where published_at is null`;
    const [p] = await policy.sql<{ n: number }[]>`select count(*)::int as n from outbox where published_at is null`;
    return a!.n + p!.n;
  };
  const staleModels = async () => {
    // Policy service: each account's directory name is the account's name (account.account-updated applied).
    const names = await account.sql<{ id: string; name: string }[]>`select id, name from accounts where tenant_id = ${tenant}`;
    const directory = new Map((await policy.sql<{ account_id: string; name: string }[]>`
      select account_id, name from account_directory where tenant_id = ${tenant}`).map((r) => [r.account_id, r.name]));
    const staleNames = names.filter((a) => directory.get(a.id) !== a.name).length;
    // Account service: each policy's summary is at the policy's revision (policy.policy-changed applied).
    const revisions = await policy.sql<{ id: string; revision: number }[]>`select id, revision from policies where tenant_id = ${tenant}`;
    const summaries = new Map((await account.sql<{ policy_id: string; revision: number }[]>`
      select policy_id, revision from policy_summaries where tenant_id = ${tenant}`).map((r) => [r.policy_id, r.revision]));
    const staleSummaries = revisions.filter((p) => summaries.get(p.id) !== p.revision).length;
    return { accounts: names.length, policies: revisions.length, staleNames, staleSummaries };
  };
  let models = await staleModels();
  for (const deadline = Date.now() + 15 * 60_000; Date.now() < deadline; models = await staleModels()) {
    if ((await unpublished()) === 0 && models.staleNames === 0 && models.staleSummaries === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }

  // The ledger: every change event on Kafka must have exactly one entry in the account history.
  // The outboxes are empty now, so the topics hold every event there will be; the history
  // consumer may still be catching up (it does more per event than the read models), so wait
  // until it has them all, or until it stops moving for a minute.
  const messages = await readTopicsToEnd(
    system.kafka,
    [topicName(system.topicPrefix, 'account.events'), topicName(system.topicPrefix, 'policy.events')],
    { timeoutMs: 10 * 60_000 },
  );
  const published = new Set<string>();
  for (const { message } of messages) {
    const event = JSON.parse(message.value?.toString() ?? '{}') as { id?: string; type?: string; tenantId?: string };
    if (event.tenantId === tenant && (event.type === 'account.account-updated' || event.type === 'policy.policy-changed')) published.add(event.id!.toLowerCase());
  }
  const historyOf = () =>
    account.sql<{ event_id: string }[]>`
      select event_id::text from history where tenant_id = ${tenant} and event_type in ('account.account-updated', 'policy.policy-changed')`;
  let history = await historyOf();
  for (let last = -1, still = Date.now(); history.length < published.size && Date.now() - still < 60_000; history = await historyOf()) {
    if (history.length !== last) [last, still] = [history.length, Date.now()];
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  const applied = new Set(history.map((h) => h.event_id.toLowerCase()));
  const notApplied = [...published].filter((id) => !applied.has(id)).length;

  const left = await unpublished();
  return {
    expected: { published: published.size, historyEntries: published.size, directoryNames: models.accounts, policySummaries: models.policies },
    present: {
      published: published.size,
      historyEntries: published.size - notApplied,
      directoryNames: models.accounts - models.staleNames,
      policySummaries: models.policies - models.staleSummaries,
    },
    missing: left + notApplied + models.staleNames + models.staleSummaries,
    duplicated: history.length - applied.size,
    statusMismatches: await statusMismatches(account.sql, tenant),
  };
}

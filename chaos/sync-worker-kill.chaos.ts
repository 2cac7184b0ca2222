import { performance } from 'node:perf_hooks';
import { listDeadLetters } from '@agencyflow/kafka';
import { createTestDatabase, createTestTopics, issueToken, shortId, testKafka } from '@agencyflow/testing';
import { feedColumns } from '@agencyflow/policy-service/src/domain/feed-row';
import { bookRows } from '../test/support/fmo-book';
import { freePort, ManagedProcess } from './processes';

export interface SyncUnderKillsOptions {
  policies: number;
  pageSize: number;
  /** How many times the workflow worker is killed (kill -9) while the sync runs. */
  kills: number;
  log?: (line: string) => void;
}

/** What a chaos run counts: against what the book says should be there, what is. */
export interface ChaosResult {
  scenario: string;
  n: number;
  expected: { policies: number; contacts: number };
  present: { policies: number; contacts: number };
  missing: number;
  duplicated: number;
  deadLettered: number;
  /** Accounts whose status is not the one their policies give them (ACC-6), and contacts not at their account's (ACC-8). */
  statusMismatches: number;
  kills: number;
  killsDuringSync: number;
  runState: string;
  seconds: number;
}

const NPN = '5150515';

/**
 * PS-4..PS-6 under fault (X-6): an Agent CRM sync of `policies` policies, each service and the
 * workflow worker in a process of its own, the worker kill -9'ed `kills` times while pages are
 * being copied and applied, started again each time. Then every invariant is counted in SQL and
 * on Kafka: every policy of the NPN synced exactly once, every person a contact once, no
 * dead-lettered event, every account's status what its policies say.
 */
export async function syncUnderWorkerKills({ policies, pageSize, kills, log = () => {} }: SyncUnderKillsOptions): Promise<ChaosResult> {
  const kafka = testKafka('chaos');
  const topics = await createTestTopics(kafka);
  const { prefix } = topics;
  const databases = { policy: await createTestDatabase('policy'), account: await createTestDatabase('account') };
  const common = { HOST: '127.0.0.1', KAFKA_TOPIC_PREFIX: prefix, TASK_QUEUE_PREFIX: prefix };
  const [policyPort, accountPort, codecPort] = [await freePort(), await freePort(), await freePort()];
  const policyUrl = `http://127.0.0.1:${policyPort}`;
  const accountUrl = `http://127.0.0.1:${accountPort}`;
  const policy = new ManagedProcess('policy', {
    cwd: 'services/policy', entry: 'src/main.ts', readyUrl: `${policyUrl}/readyz`,
    env: { ...common, PORT: String(policyPort), DATABASE_URL: databases.policy.url },
  });
  const account = new ManagedProcess('account', {
    cwd: 'services/account', entry: 'src/main.ts', readyUrl: `${accountUrl}/readyz`,
    env: { ...common, PORT: String(accountPort), DATABASE_URL: databases.account.url, POLICY_SERVICE_URL: policyUrl },
  });
  const worker = new ManagedProcess('worker', {
    cwd: 'workflows', entry: 'src/worker/main.ts', readyUrl: `http://127.0.0.1:${codecPort}/healthz`,
    env: { ...common, CODEC_SERVER_PORT: String(codecPort), CODEC_SERVER_HOST: '127.0.0.1' },
  });
  try {
    log('starting the policy service, the account service and the workflow worker as processes');
    await Promise.all([policy.start(), account.start(), worker.start()]);

    const fmo = `fmo-chaos-${shortId()}`;
    const auth = { authorization: `Bearer ${await issueToken({ tenantId: fmo, subject: 'chaos', groups: ['fmo-admin'] })}` };
    const rows = bookRows([{ npn: NPN, policies, spouseEvery: 2, noEmailEvery: 5 }]);
    log(`importing the FMO book: ${policies} policies, ${rows.length} member rows`);
    const csv = `${feedColumns.join(',')}\n${rows.map((r) => feedColumns.map((c) => r[c] ?? '').join(',')).join('\n')}\n`;
    const imported = await fetch(`${policyUrl}/carrier-feeds`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: csv });
    if (imported.status !== 201) throw new Error(`import failed: ${imported.status} ${await imported.text()}`);
    const preview = (await (await fetch(`${policyUrl}/agent-crm/preview`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ npns: [NPN] }),
    })).json()) as { policies: number; contacts: number };

    const started = performance.now();
    const provisioned = await fetch(`${accountUrl}/agent-crm/businesses`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Chaos Agency', kind: 'agent', policySyncEnabled: true, pageSize, users: [{ name: 'Chaos Agent', email: `chaos.${shortId()}@x.example`, npn: NPN }] }),
    });
    if (provisioned.status !== 202) throw new Error(`provisioning refused: ${provisioned.status} ${await provisioned.text()}`);
    const { businessId } = (await provisioned.json()) as { businessId: string };
    const business = async () =>
      (await (await fetch(`${accountUrl}/agent-crm/businesses/${businessId}`, { headers: auth })).json()) as {
        business?: { state: string };
        runningSync: unknown;
        runs?: Array<{ state: string }>;
      };

    let killsDuringSync = 0;
    for (let i = 0; i < kills; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000 + Math.random() * 2000));
      const before = await business();
      if (before.business?.state === 'active' && !before.runningSync) break;
      await worker.kill();
      killsDuringSync++;
      log(`killed the workflow worker (kill -9) #${killsDuringSync}; starting it again`);
      await worker.start();
    }

    let settled = await business();
    for (const deadline = Date.now() + 30 * 60_000; ; settled = await business()) {
      const finished = (settled.runs ?? []).filter((r) => r.state !== 'running').length;
      if (settled.business?.state === 'active' && !settled.runningSync && finished >= 1) break;
      if (Date.now() > deadline) throw new Error(`the sync did not settle: ${JSON.stringify(settled)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const seconds = (performance.now() - started) / 1000;
    log(`settled after ${seconds.toFixed(1)} s; counting`);

    const [copies] = await databases.policy.sql<{ total: number; distinct_policies: number }[]>`
      select count(*)::int as total, count(distinct (carrier, policy_number))::int as distinct_policies
      from policies where tenant_id = ${businessId}`;
    const [people] = await databases.account.sql<{ total: number; status_mismatches: number }[]>`
      select (select count(*)::int from contacts where tenant_id = ${businessId}) as total,
        (select count(*)::int from accounts a where a.tenant_id = ${businessId} and a.status <> 'active'
           and exists (select 1 from policy_summaries s where s.account_id = a.id and s.status = 'active' and not s.deleted))
        + (select count(*)::int from contacts c join accounts a on a.id = c.account_id
           where c.tenant_id = ${businessId} and c.status <> a.status) as status_mismatches`;
    // Consumers catch up with what the run published before dead letters are counted.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const deadLettered = (await listDeadLetters(kafka, prefix)).length;
    const present = { policies: copies!.distinct_policies, contacts: people!.total };
    const expected = { policies: preview.policies, contacts: preview.contacts };
    return {
      scenario: 'sync-worker-kill',
      n: policies,
      expected,
      present,
      missing: Math.max(0, expected.policies - present.policies) + Math.max(0, expected.contacts - present.contacts),
      duplicated: copies!.total - copies!.distinct_policies + Math.max(0, present.contacts - expected.contacts),
      deadLettered,
      statusMismatches: people!.status_mismatches,
      kills: worker.kills,
      killsDuringSync,
      runState: (settled.runs ?? [])[0]?.state ?? 'none',
      seconds,
    };
  } catch (error) {
    log(`policy:\n${policy.tail()}\naccount:\n${account.tail()}\nworker:\n${worker.tail()}`);
    throw error;
  } finally {
    await Promise.all([worker.stop(), account.stop(), policy.stop()]);
    await Promise.all([databases.policy.drop(), databases.account.drop()]);
    await topics.remove();
  }
}

import { permissions, securityGroups, taskQueues, type ServiceName } from '@agencyflow/contracts';
import { forTenants } from '@agencyflow/db';
import { issueServiceToken, serviceAudience } from '@agencyflow/http';
import { writeStagedImport } from '@agencyflow/policy-service/src/carrier-feeds/import-carrier-feed';
import { eventually, issueToken, shortId, type TestService } from '@agencyflow/testing';
import { startTestSystem, type TestSystem } from '../support/system';
import { fingerprint, tablesOf, type Fingerprint } from './fingerprint';
import { closeConnections } from './fuzz-request';
import { emptyPools, type Pools } from './pools';
import { seedFixture, topUpFixture, type FixtureApi } from './fixture';

/**
 * The whole system for the fuzz suite: every service on its own database, seeded through the
 * public APIs (with the workflow worker, relays and consumers running, so businesses provision
 * and the policy service learns the accounts), then made quiet: the workflow worker, the outbox
 * relays and the event consumers are stopped, so nothing but the request under test writes to a
 * database and a before/after fingerprint says exactly what that request wrote.
 */
export interface FuzzSystem {
  tenantId: string;
  /** A token that may do anything: every security group and every permission. */
  token: string;
  /** The same, for a tenant nobody has used yet (a new one each call). */
  newTenantToken(): Promise<string>;
  /** A service's token for one receiving service and tenant, carrying every permission (as internal calls are made); valid 5 minutes. */
  serviceToken(service: ServiceName, tenant: string): Promise<string>;
  system: TestSystem;
  /** The ids of existing records, as each service's requests draw them. */
  pools: Record<ServiceName, Pools>;
  /** Re-reads the pools, first making records again where DELETE routes ate the fixture. */
  refreshPools(): Promise<void>;
  stop(): Promise<void>;
}

const quiet = async (service: TestService) => {
  const { relay, consumers, inboxTrimmer } = service.runtime;
  await Promise.all([relay.stop(), ...consumers.map((c) => c.stop()), inboxTrimmer?.stop()]);
};

const allFingerprints = async (services: TestService[]): Promise<Fingerprint[]> =>
  Promise.all(services.map(async (s) => fingerprint(s.database.sql, await tablesOf(s.database.sql))));

/** Waits until every event is published and consumed: two fingerprints of every database a second apart agree. */
async function settle(services: TestService[]) {
  let last = JSON.stringify(await allFingerprints(services));
  await eventually(
    async () => {
      const unpublished = await Promise.all(services.map((s) => s.database.sql<{ n: number }[]>`select count(*)::int as n from outbox where published_at is null and parked_at is null`));
      const now = JSON.stringify(await allFingerprints(services));
      const steady = now === last;
      last = now;
      if (!steady || unpublished.some(([row]) => row!.n > 0)) throw new Error('the system is still settling');
    },
    { timeoutMs: 60_000, intervalMs: 1_000 },
  );
}

/**
 * The ids each service's requests draw from. The policy service knows accounts and contacts
 * only from its directory (built from events, frozen once the consumers stop), so its requests
 * draw those from there: an id it has never heard of would only ever get 422.
 */
async function readPools(system: TestSystem, tenantId: string): Promise<Record<ServiceName, Pools>> {
  // In the order the records were made (ids are random), so a seed's picks land on the same records run after run.
  const ids = async (service: TestService, query: string) => (await service.database.sql.unsafe<{ id: string }[]>(query, [tenantId])).map((r) => r.id);
  const common = emptyPools();
  common.accounts = await ids(system.account, 'select id from accounts where tenant_id = $1 order by created_at, id');
  common.contacts = await ids(system.account, 'select id from contacts where tenant_id = $1 order by created_at, id');
  common.files = await ids(system.account, 'select id from contact_files where tenant_id = $1 order by created_at, id');
  common.servicingAgents = await ids(system.account, 'select id from servicing_agents where tenant_id = $1 order by created_at, id');
  common.businesses = await ids(system.account, 'select id from agent_crm_businesses where fmo_tenant_id = $1 order by created_at, id');
  common.policies = await ids(system.policy, 'select id from policies where tenant_id = $1 order by created_at, carrier, policy_number');
  common.imports = await ids(system.policy, 'select id from carrier_feed_imports where tenant_id = $1 order by started_at, id');
  common.securityGroups = await ids(system.account, 'select id from security_groups where tenant_id = $1 order by created_at, id');
  common.subjects = await ids(system.account, 'select distinct subject as id from security_group_members where tenant_id = $1 order by 1');
  // Only the finished probe: a running one's progress query waits for a workflow worker, stopped here.
  common.probes = ['fuzz-probe'];
  const policy = {
    ...common,
    accounts: await ids(system.policy, 'select account_id as id from account_directory where tenant_id = $1 and deleted_at is null order by name, account_id'),
    contacts: await ids(system.policy, 'select contact_id as id from contact_directory where tenant_id = $1 and deleted_at is null order by updated_at, contact_id'),
  };
  return { account: common, policy, sales: common, finance: common };
}

/** Ends every workflow a fuzzed request started: with the worker stopped they would wait forever. */
async function terminateWorkflows(system: TestSystem) {
  const { client } = system.sales.runtime.deps.temporal;
  const query = `TaskQueue = '${taskQueues(system.prefix).workflows}' AND ExecutionStatus = 'Running'`;
  for await (const workflow of client.workflow.list({ query })) {
    await client.workflow.getHandle(workflow.workflowId, workflow.runId).terminate('fuzz suite finished').catch(() => undefined);
  }
}

export async function startFuzzSystem(): Promise<FuzzSystem> {
  const system = await startTestSystem();
  const tenantId = `fuzz-${shortId()}`;
  // Every permission and every group: the suite is about input, not access; 401 and 403 are proven elsewhere.
  const mayDoAnything = (tenant: string) => issueToken({ tenantId: tenant, subject: 'fuzz-admin', permissions: [...permissions], groups: Object.keys(securityGroups), expiresIn: '2h' });
  const token = await mayDoAnything(tenantId);
  const services = [system.account, system.policy, system.sales, system.finance];
  const api: FixtureApi = { accountUrl: system.account.url, policyUrl: system.policy.url, salesUrl: system.sales.url, token };
  try {
    await seedFixture(api);
    await settle(services);
    await system.workflows.halt();
    await Promise.all(services.map(quiet));
  } catch (error) {
    await system.stop();
    throw error;
  }
  const { deps } = system.policy.runtime;
  const writeImport = (importId: string) => writeStagedImport({ database: forTenants(deps.database, tenantId), fieldCipher: deps.fieldCipher }, importId);
  const fuzz: FuzzSystem = {
    tenantId,
    token,
    newTenantToken: () => mayDoAnything(`fuzz-new-${shortId()}`),
    serviceToken(service, tenant) {
      const { JWT_SECRET, JWT_ISSUER } = system[service].runtime.deps.config;
      return issueServiceToken({ secret: JWT_SECRET, issuer: JWT_ISSUER, subject: 'fuzz-service', audience: serviceAudience(service), tenantId: tenant, permissions: [...permissions] });
    },
    system,
    pools: await readPools(system, tenantId),
    async refreshPools() {
      fuzz.pools = await readPools(system, tenantId);
      if (await topUpFixture(api, fuzz.pools.account, writeImport)) fuzz.pools = await readPools(system, tenantId);
    },
    async stop() {
      closeConnections();
      await terminateWorkflows(system).catch(() => undefined);
      await system.stop();
    },
  };
  return fuzz;
}

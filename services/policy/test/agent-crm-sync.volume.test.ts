import { randomUUID } from 'node:crypto';
import { forTenants } from '@agencyflow/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTopics, issueToken, shortId, startTestService, testKafka, type TestService } from '@agencyflow/testing';
import { policyService } from '../src';
import { createAgentCrmPolicyActivities } from '../src/policy-sync/agent-crm.activities';
import { withBusinessesKnown } from './support/business-directory';
import { importCarrierFeed } from '../src/carrier-feeds/import-carrier-feed';
import { feedRow } from './support/fixtures';

const POLICIES = 1000;
const NPNS = ['17234598', '17234599'];

/** PS-4/PS-6 at page size: one 1000-policy page, first copied, then re-synced unchanged. */
describe('policy service: policy sync page at volume', () => {
  let service: TestService;
  let topics: Awaited<ReturnType<typeof createTestTopics>>;
  const fmoTenantId = `fmo-${shortId()}`;

  beforeAll(async () => {
    topics = await createTestTopics(testKafka());
    service = await startTestService(policyService, { prefix: topics.prefix, env: { DATABASE_POOL_MAX: '3' } });
    // 1000 policies of the users' NPNs (policyholder + spouse each) among 1000 of other NPNs.
    function* rows() {
      let row = 0;
      for (let i = 0; i < POLICIES * 2; i++) {
        const npn = i % 2 === 0 ? NPNS[(i / 2) % 2]! : `5550${i % 7}`;
        const policy = { policy_number: `V-${i}`, writing_agent_npn: npn };
        yield { row: ++row, values: feedRow({ ...policy, first_name: `First${i}`, last_name: `Last${i}` }) };
        yield {
          row: ++row,
          values: feedRow({ ...policy, member_relationship: 'spouse', first_name: `Spouse${i}`, last_name: `Last${i}`, date_of_birth: '1955-05-05', email: '', mbi: '' }),
        };
      }
    }
    const summary = await importCarrierFeed({ ...service.runtime.deps, database: forTenants(service.runtime.deps.database, fmoTenantId) }, { tenantId: fmoTenantId, importedBy: 'fmo-admin-1', format: 'json', rows: rows() });
    expect(summary.rows.rejected).toBe(0);
  });
  afterAll(async () => {
    await service?.stop();
    await topics?.remove();
  });

  it('PS-4 a 1000-policy page is copied with a few set-based statements, and re-synced without writing anything', async () => {
    const activities = withBusinessesKnown(service, createAgentCrmPolicyActivities(service.runtime.deps));
    const page = { fmoTenantId, businessId: randomUUID(), npns: NPNS, after: null, limit: POLICIES, requestedBy: 'fmo-admin-1', runId: randomUUID(), page: 0 };

    let started = performance.now();
    const first = await activities.copyPolicyPage(page);
    const copyMs = performance.now() - started;
    expect(first).toMatchObject({ policies: POLICIES, inserted: POLICIES, nextCursor: null, perNpn: { [NPNS[0]!]: 500, [NPNS[1]!]: 500 } });
    expect(first.members).toBe(POLICIES * 2);

    started = performance.now();
    const again = await activities.copyPolicyPage(page);
    const resyncMs = performance.now() - started;
    expect(again).toMatchObject({ policies: POLICIES, inserted: 0, updated: 0, unchanged: POLICIES });

    console.log(`copyPolicyPage, ${POLICIES} policies / ${POLICIES * 2} members: first copy ${copyMs.toFixed(0)} ms, unchanged re-sync ${resyncMs.toFixed(0)} ms`);
    expect(copyMs).toBeLessThan(20_000);

    // PS-5 the account side pulls the page over HTTP; callers that go away mid-page (a failed or
    // stopped activity) never cost the service a database connection: with a pool of 3, five
    // abandoned transfers are followed by a whole one.
    const token = await issueToken({ tenantId: page.businessId, subject: 'account-service', permissions: ['policy-sync:transfer'] });
    const url = `${service.url}/internal/policy-sync/pages?through=${first.through}`;
    for (let i = 0; i < 5; i++) {
      const abort = new AbortController();
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
      const reader = response.body!.getReader();
      await reader.read();
      abort.abort();
      await reader.read().catch(() => undefined);
    }
    const whole = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
    expect(whole.status).toBe(200);
    expect((await whole.text()).trim().split('\n')).toHaveLength(POLICIES * 2);
    // A token without the permission, or of another tenant, gets nothing.
    const human = await issueToken({ tenantId: page.businessId, groups: ['agency-admin'] });
    expect((await fetch(url, { headers: { authorization: `Bearer ${human}` } })).status).toBe(403);
  });
});

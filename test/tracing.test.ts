import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionAgentCrmWorkflowName } from '@agencyflow/contracts';
import { recordSpans, type ReadableSpan } from '@agencyflow/telemetry';
import { eventually, issueToken, shortId } from '@agencyflow/testing';
import { startTestSystem, type TestSystem } from './support/system';
import { agentCrmApi } from './support/agent-crm';

// Installed before the system starts: the services, their relays, consumers and activity workers,
// and the workflow worker (through its sink) all finish their spans into this exporter.
const spans = recordSpans();

/**
 * One trace from an HTTP request to a consumer in another service (decision 0034): provisioning
 * an Agent CRM business on the account service starts the provisioning workflow, whose
 * createBusiness activity (on the account service's worker) writes agent-crm-business-changed
 * through the outbox, which the policy service's account directory consumes.
 */
describe('tracing across HTTP, Temporal, the outbox and Kafka', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => system?.stop());

  /** The span and its ancestors, nearest first, as far as the recorded spans go. */
  const ancestry = (span: ReadableSpan, all: ReadableSpan[]): ReadableSpan[] => {
    const byId = new Map(all.map((s) => [s.spanContext().spanId, s]));
    const chain = [span];
    for (let parent = byId.get(span.parentSpanId ?? ''); parent; parent = byId.get(parent.parentSpanId ?? '')) chain.push(parent);
    return chain;
  };

  it('one trace runs from the HTTP request through the workflow and its activity, the outbox publish, to the policy service’s consumer', async () => {
    const fmo = `fmo-${shortId()}`;
    const api = agentCrmApi(system, await issueToken({ tenantId: fmo, subject: 'fmo-admin-1', groups: ['fmo-admin'] }));
    const users = [{ name: 'Dana Trace', email: `dana.${shortId()}@trace.example`, npn: `8${shortId().replace(/\D/g, '').padEnd(7, '1').slice(0, 7)}` }];
    const started = await api.provision({ name: `Trace Agency ${shortId()}`, kind: 'agency', users, policySyncEnabled: false }).expect(202);
    const { businessId } = started.body as { businessId: string };

    // The policy service's account directory applied the business's event: its consumer span is the end of the chain.
    const consumer = await eventually(
      () => {
        const span = spans
          .getFinishedSpans()
          .find(
            (s) =>
              s.name === 'process account.agent-crm-business-changed' &&
              s.attributes['agencyflow.aggregate_id'] === businessId &&
              s.attributes['messaging.consumer.group.name'] === `${system.prefix}policy.account-directory`,
          );
        if (!span) throw new Error('the policy service has not consumed the business event yet');
        return span;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );

    // The workflow's spans leave its sandbox when its activation completes: wait for the whole chain.
    const chain = await eventually(
      () => {
        const found = ancestry(consumer, spans.getFinishedSpans());
        const names = found.map((s) => s.name);
        expect(names).toEqual([
          'process account.agent-crm-business-changed',
          'publish account.agent-crm-business-changed',
          'RunActivity:createBusiness',
          'StartActivity:createBusiness',
          `RunWorkflow:${provisionAgentCrmWorkflowName}`,
          `StartWorkflow:${provisionAgentCrmWorkflowName}`,
          'POST /agent-crm/businesses',
        ]);
        return found;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    // One trace, rooted at the request.
    const traceId = chain.at(-1)!.spanContext().traceId;
    expect(new Set(chain.map((s) => s.spanContext().traceId))).toEqual(new Set([traceId]));
    expect(chain.at(-1)!.parentSpanId).toBeUndefined();
    expect(chain.at(-1)!.attributes['http.response.status_code']).toBe(202);
    // No protected data in any span of the trace: not the user's name, email or NPN.
    const attributes = JSON.stringify(spans.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId).map((s) => s.attributes));
    for (const value of [users[0]!.name, users[0]!.email, users[0]!.npn]) expect(attributes).not.toContain(value);
  });
});

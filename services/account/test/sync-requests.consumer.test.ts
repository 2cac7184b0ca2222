import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { agentCrmBusinessChangedV1, buildEvent, eventKey, policySyncWorkflowId, taskQueues } from '@agencyflow/contracts';
import { isInfrastructureFailure } from '@agencyflow/kafka';
import { createTemporalClient, EncryptionCodec, parsePayloadKeys, type TemporalClient } from '@agencyflow/temporal';
import { shortId, testEnvironment } from '@agencyflow/testing';
import { DEV_PAYLOAD_KEY } from '@agencyflow/config';
import { policySyncRequestsConsumer } from '../src/policy-sync/sync-requests.consumer';

/**
 * PS-7/PS-8 without a dual write: the sync starts from the committed business-changed event, so a
 * Temporal server that is away delays it (the consumer retries) instead of losing it.
 */
describe('policy sync requests from business events', () => {
  const queues = taskQueues(`t${shortId()}.`);
  const codec = new EncryptionCodec(parsePayloadKeys(DEV_PAYLOAD_KEY, 'dev-2026'));
  let temporal: TemporalClient;
  beforeAll(async () => {
    temporal = await createTemporalClient({ address: testEnvironment.temporalAddress, namespace: testEnvironment.temporalNamespace, codec });
  });
  afterAll(() => temporal?.close());

  const agentAdded = (businessId: string) =>
    buildEvent(agentCrmBusinessChangedV1, {
      tenantId: 'fmo-requests',
      aggregateId: businessId,
      data: {
        businessId, fmoTenantId: 'fmo-requests', name: 'Requests Agency', kind: 'agency', state: 'active', policySyncEnabled: true,
        userNpns: ['1234567'], change: 'agent-added', changedBy: 'fmo-admin-1',
      },
    }).envelope;
  const handlerOf = (client: Client) =>
    policySyncRequestsConsumer({ temporal: { client, check: async () => {}, close: async () => {} }, taskQueues: queues }).handlers[
      eventKey(agentCrmBusinessChangedV1.type, agentCrmBusinessChangedV1.version)
    ]!;

  it('PS-8 an agent-added event of a business with policy sync starts its sync', async () => {
    const businessId = randomUUID();
    await handlerOf(temporal.client)(undefined as never, agentAdded(businessId));
    const described = await temporal.client.workflow.getHandle(policySyncWorkflowId(businessId)).describe();
    expect(described.type).toBe('syncAgentCrmPolicies');
    expect(described.taskQueue).toBe(queues.workflows);
    await temporal.client.workflow.getHandle(policySyncWorkflowId(businessId)).terminate('test over');
  });

  it('X-6 with Temporal away the start fails as an infrastructure failure: the event is retried, never dead-lettered', async () => {
    const away = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 }), namespace: 'default' });
    const error = await handlerOf(away)(undefined as never, agentAdded(randomUUID())).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(isInfrastructureFailure(error)).toBe(true);
  });
});

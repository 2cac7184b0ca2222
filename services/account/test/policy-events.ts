import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { buildEvent, policyChangedV1, policyDeletedV1, topicName, type EventData } from '@agencyflow/contracts';

type PolicyState = EventData<typeof policyChangedV1>;

/** Publishes policy events as the policy service would (same topic, key and envelope). */
export function policyEventPublisher(kafka: Kafka, prefix: string, tenantId: string) {
  const producer = kafka.producer();
  const connected = producer.connect();
  const send = async (event: ReturnType<typeof buildEvent>) => {
    await connected;
    await producer.send({
      topic: topicName(prefix, 'policy.events'),
      messages: [{ key: event.envelope.aggregateId, value: JSON.stringify(event.envelope) }],
    });
    return event.envelope;
  };
  return {
    newPolicy(accountId: string, contactId: string, overrides: Partial<PolicyState> = {}): PolicyState {
      return {
        policyId: randomUUID(), revision: 1, change: 'created', carrier: 'Aetna', policyNumber: `A-${randomUUID().slice(0, 8)}`,
        coverageType: 'medicare-supplement', status: 'pending', previousStatus: null, effectiveDate: '2026-01-01', renewalDate: '2027-01-01',
        premium: '145.20', writingAgentNpn: '17234598', accountId, policyholderContactId: contactId, memberContactIds: [contactId],
        source: 'crm', changedBy: 'user-1', ...overrides,
      };
    },
    changed: (state: PolicyState) => send(buildEvent(policyChangedV1, { tenantId, aggregateId: state.policyId, data: state })),
    deleted: (state: PolicyState, revision: number) =>
      send(
        buildEvent(policyDeletedV1, {
          tenantId,
          aggregateId: state.policyId,
          data: {
            policyId: state.policyId, revision, carrier: state.carrier, policyNumber: state.policyNumber, accountId: state.accountId,
            policyholderContactId: state.policyholderContactId, reason: 'user', deletedBy: 'user-1',
          },
        }),
      ),
    /** Sends an envelope again unchanged, as a broker redelivery would. */
    redeliver: async (envelope: { aggregateId: string }) => {
      await connected;
      await producer.send({ topic: topicName(prefix, 'policy.events'), messages: [{ key: envelope.aggregateId, value: JSON.stringify(envelope) }] });
    },
    close: () => producer.disconnect(),
  };
}

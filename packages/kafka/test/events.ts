import type { KafkaMessage } from 'kafkajs';
import { accountCreatedV1, buildEvent, type EventEnvelope } from '@agencyflow/contracts';

/** An account-created envelope, the event the consumer tests send. */
export const accountCreated = (aggregateId: string, name = 'Acme'): EventEnvelope =>
  buildEvent(accountCreatedV1, {
    tenantId: 'tenant-1',
    aggregateId,
    data: { accountId: aggregateId, name, status: 'prospect', createdBy: 'user-1' },
  }).envelope;

/** A header of a consumed (e.g. dead-lettered) message, as text. */
export const header = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString();

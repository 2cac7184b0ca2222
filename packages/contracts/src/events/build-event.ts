import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { EventEnvelope } from '../envelope';
import type { TopicBase } from '../topics';
import type { EventDefinition } from './define-event';

export interface OutgoingEvent {
  topic: TopicBase;
  envelope: EventEnvelope;
}

/**
 * The largest envelope an event may be, as JSON. Kafka refuses messages over 1 MB, and a relay
 * must never meet one it cannot send; an event whose size grows with its aggregate (a list of
 * every contact of an account) is a design error that this makes loud where it is written.
 */
export const MAX_EVENT_BYTES = 256 * 1024;

export class EventTooLargeError extends Error {
  constructor(type: string, bytes: number) {
    super(`${type} would be ${bytes} bytes; an event is at most ${MAX_EVENT_BYTES} (bound its lists, or split it)`);
  }
}

/** Builds a validated envelope for one event; invalid or oversized data throws before anything is written. */
export function buildEvent<TSchema extends z.ZodType>(
  definition: EventDefinition<string, TSchema>,
  fields: { tenantId: string; aggregateId: string; data: z.input<TSchema>; occurredAt?: Date },
): OutgoingEvent {
  const event = {
    topic: definition.topic,
    envelope: {
      id: randomUUID(),
      type: definition.type,
      version: definition.version,
      occurredAt: (fields.occurredAt ?? new Date()).toISOString(),
      tenantId: fields.tenantId,
      aggregateType: definition.aggregateType,
      aggregateId: fields.aggregateId,
      data: definition.schema.parse(fields.data),
    },
  };
  const bytes = Buffer.byteLength(JSON.stringify(event.envelope));
  if (bytes > MAX_EVENT_BYTES) throw new EventTooLargeError(definition.type, bytes);
  return event;
}

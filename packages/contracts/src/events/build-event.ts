import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { EventEnvelope } from '../envelope';
import type { TopicBase } from '../topics';
import type { EventDefinition } from './define-event';

export interface OutgoingEvent {
  topic: TopicBase;
  envelope: EventEnvelope;
}

/** Builds a validated envelope for one event; invalid data throws before anything is written. */
export function buildEvent<TSchema extends z.ZodType>(
  definition: EventDefinition<string, TSchema>,
  fields: { tenantId: string; aggregateId: string; data: z.input<TSchema>; occurredAt?: Date },
): OutgoingEvent {
  return {
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
}

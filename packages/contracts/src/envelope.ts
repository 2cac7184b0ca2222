import { z } from 'zod';

/**
 * The envelope every event travels in. `data` is validated separately against the
 * schema registered for (type, version), so an unknown or malformed event is rejected
 * before any handler sees it. Readers are tolerant: fields they do not know are dropped, not
 * refused, so adding a field to an event (or the envelope) is not a breaking change
 * (packages/contracts/test/event-contracts.test.ts).
 */
export const eventEnvelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[a-z]+\.[a-z][a-z-]*$/, 'type is "<service>.<event-name>"'),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  tenantId: z.string().min(1),
  aggregateType: z.string().min(1),
  aggregateId: z.string().min(1),
  /**
   * The trace the event was written in (the W3C trace id, 32 hex digits): the request, workflow,
   * and the events that follow from them share it, so logs and events of one chain are found by
   * one id. Optional: events written outside a trace, and those recorded before it, have none.
   */
  correlationId: z.string().min(1).max(128).optional(),
  data: z.unknown(),
});

export type EventEnvelope<TData = unknown> = Omit<z.infer<typeof eventEnvelopeSchema>, 'data'> & {
  data: TData;
};

import { z } from 'zod';

/**
 * The envelope every event travels in. `data` is validated separately against the
 * schema registered for (type, version), so an unknown or malformed event is rejected
 * before any handler sees it.
 */
export const eventEnvelopeSchema = z.strictObject({
  id: z.uuid(),
  type: z.string().regex(/^[a-z]+\.[a-z][a-z-]*$/, 'type is "<service>.<event-name>"'),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  tenantId: z.string().min(1),
  aggregateType: z.string().min(1),
  aggregateId: z.string().min(1),
  data: z.unknown(),
});

export type EventEnvelope<TData = unknown> = Omit<z.infer<typeof eventEnvelopeSchema>, 'data'> & {
  data: TData;
};

import type { EventData, EventDefinition, EventEnvelope } from '@agencyflow/contracts';
import { eventKey } from '@agencyflow/contracts';
import type { ConsumerTransaction, EventHandlers } from './event-consumer';

/**
 * A handler for one event version with its data typed from the contract:
 * `handlers: { ...on(contactDeletedV2, async (tx, event) => ...) }`.
 */
export function on<TDef extends EventDefinition>(
  definition: TDef,
  handler: (tx: ConsumerTransaction, event: EventEnvelope<EventData<TDef>>) => Promise<void>,
): EventHandlers {
  return { [eventKey(definition.type, definition.version)]: handler as EventHandlers[string] };
}

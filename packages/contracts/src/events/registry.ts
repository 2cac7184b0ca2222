import type { EventDefinition } from './define-event';
import { eventKey } from './define-event';
import { accountCreatedV1 } from './account/account-created.v1';

/** Every event the system publishes. Adding an event = one file + one line here. */
export const allEvents: readonly EventDefinition[] = [accountCreatedV1];

const byKey = new Map(allEvents.map((e) => [eventKey(e.type, e.version), e]));

export function findEventDefinition(type: string, version: number): EventDefinition | undefined {
  return byKey.get(eventKey(type, version));
}

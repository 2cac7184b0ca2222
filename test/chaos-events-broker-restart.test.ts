import { describe, expect, it } from 'vitest';
import { eventsUnderBrokerRestarts } from '../chaos/interactive-events.chaos';

/**
 * The short version of `npm run chaos -- events-broker-restart`: account and policy
 * changes made while the scenario's own Kafka broker is kill -9'ed once and the services that
 * consume the events are kill -9'ed twice.
 */
describe('chaos: events survive the broker and their consumers dying', () => {
  it('X-2 X-6 with the broker and consumer processes kill -9ed mid-stream, every change is published and applied once and every read model matches its source', async () => {
    const result = await eventsUnderBrokerRestarts({ events: 500, households: 30, brokerRestarts: 1, consumerKills: 2 });
    expect(result.faults).toHaveLength(3);
    expect(result).toMatchObject({ missing: 0, duplicated: 0, deadLettered: 0, statusMismatches: 0 });
    expect(result.present).toEqual(result.expected);
    expect(result.n).toBeGreaterThanOrEqual(500);
    expect(result.present.published).toBeGreaterThan(result.n);
  }, 900_000);
});

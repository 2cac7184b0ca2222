import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountCreatedV1, allEvents, buildEvent, eventEnvelopeSchema, EventTooLargeError, eventKey, findEventDefinition, MAX_EVENT_BYTES } from '../src';

/**
 * Each published event version keeps a recorded example here (examples/<type>.v<version>.json).
 * The example must keep parsing: a change that would refuse an event already on a topic (a
 * removed, renamed or retyped field, a new required one) fails this test and belongs in a new
 * version. A field the reader does not know is dropped, not refused: adding one is compatible.
 */
const examplesDir = path.join(__dirname, 'examples');
const example = (type: string, version: number): unknown =>
  JSON.parse(readFileSync(path.join(examplesDir, `${type}.v${version}.json`), 'utf8'));

/** Adds an unknown field to the object and to every object inside it. */
function withUnknownFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withUnknownFields);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, withUnknownFields(v)]);
  return { ...Object.fromEntries(entries), addedLater: { by: 'a newer producer' } };
}

describe('event contracts', () => {
  it('X-2 every registered event version has a recorded example, and every example a registered version', () => {
    const recorded = readdirSync(examplesDir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.v(\d+)\.json$/, '@v$1')).sort();
    expect(recorded).toEqual(allEvents.map((e) => eventKey(e.type, e.version)).sort());
  });

  for (const definition of allEvents) {
    const name = `${definition.type} v${definition.version}`;
    it(`X-2 ${name}: the recorded example still parses (no breaking change to a published version)`, () => {
      const parsed = definition.schema.safeParse(example(definition.type, definition.version));
      expect(parsed.error?.issues ?? []).toEqual([]);
    });

    it(`X-2 ${name}: a reader accepts fields it does not know (adding a field is not breaking)`, () => {
      const recorded = example(definition.type, definition.version);
      const parsed = definition.schema.safeParse(withUnknownFields(recorded));
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(parsed.data).toEqual(definition.schema.parse(recorded));
    });
  }

  it('X-2 the envelope accepts fields it does not know, and still refuses a missing one', () => {
    const envelope = {
      id: '00000001-aaaa-4bbb-8ccc-dddddddddddd',
      type: 'account.account-created',
      version: 1,
      occurredAt: '2026-11-30T12:00:00.000Z',
      tenantId: 'tenant-1',
      aggregateType: 'account',
      aggregateId: 'a-1',
      data: example('account.account-created', 1),
    };
    expect(eventEnvelopeSchema.safeParse({ ...envelope, traceparent: '00-abc-def-01' }).success).toBe(true);
    // correlationId (decision 0034) is optional: events recorded before it, and those written outside a trace, still parse.
    expect(eventEnvelopeSchema.parse(envelope).correlationId).toBeUndefined();
    expect(eventEnvelopeSchema.parse({ ...envelope, correlationId: '4bf92f3577b34da6a3ce929d0e0e4736' }).correlationId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const { tenantId: _dropped, ...withoutTenant } = envelope;
    expect(eventEnvelopeSchema.safeParse(withoutTenant).success).toBe(false);
    expect(findEventDefinition('account.account-created', 1)?.schema.safeParse({}).success).toBe(false);
  });
});

describe('event size', () => {
  it('X-2 an event larger than MAX_EVENT_BYTES is refused where it is built, before anything is written', () => {
    const accountId = '00000001-aaaa-4bbb-8ccc-dddddddddddd';
    const small = buildEvent(accountCreatedV1, { tenantId: 't-1', aggregateId: accountId, data: { accountId, name: 'A', status: 'prospect', createdBy: 'u' } });
    expect(small.envelope.data).toMatchObject({ name: 'A' });
    expect(() =>
      buildEvent(accountCreatedV1, { tenantId: 't-1', aggregateId: accountId, data: { accountId, name: 'x'.repeat(MAX_EVENT_BYTES), status: 'prospect', createdBy: 'u' } }),
    ).toThrow(EventTooLargeError);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allEvents, buildAsyncApiDocument, topicBases } from '../src';

const committed = JSON.parse(readFileSync(path.resolve(__dirname, '../../../docs/asyncapi.json'), 'utf8'));
const generated = buildAsyncApiDocument() as {
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, { channel: { $ref: string }; messages: Array<{ $ref: string }> }>;
  components: { messages: Record<string, { payload: { properties: Record<string, { const?: unknown }> } }> };
};

/** Follows a local `#/a/b` reference in the document. */
const resolve = (ref: string): unknown => ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], generated);

describe('AsyncAPI document of the events (X-2, issue 13)', () => {
  it('the committed docs/asyncapi.json is what the contracts generate (run `npm run asyncapi` after changing an event)', () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(generated)));
  });

  it('lists every registered event version on its topic, with its type and version fixed in the payload', () => {
    for (const event of allEvents) {
      const channel = Object.values(generated.channels).find((c) => c.address === `{prefix}${event.topic}`)!;
      const message = Object.values(channel.messages)
        .map((m) => resolve(m.$ref) as (typeof generated.components.messages)[string])
        .find((m) => m.payload.properties.type?.const === event.type && m.payload.properties.version?.const === event.version);
      expect(message, `${event.type} v${event.version}`).toBeDefined();
    }
    expect(Object.keys(generated.components.messages)).toHaveLength(allEvents.length + 1); // + the dead letter
  });

  it('has a channel and its dead-letter channel per topic, identifiers AsyncAPI 3 accepts, and no reference that leads nowhere', () => {
    for (const topic of topicBases) {
      expect(Object.values(generated.channels).map((c) => c.address)).toEqual(expect.arrayContaining([`{prefix}${topic}`, `{prefix}${topic}.dlt`]));
    }
    const ids = [...Object.keys(generated.channels), ...Object.keys(generated.operations), ...Object.keys(generated.components.messages)];
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    const refs = JSON.stringify(generated).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(allEvents.length);
    for (const ref of refs) expect(resolve(ref.slice(8, -1)), ref).toBeDefined();
  });
});

import { z } from 'zod';
import { eventEnvelopeSchema } from './envelope';
import { allEvents, eventKey, type EventDefinition } from './events';
import { topicBases, type TopicBase } from './topics';

/**
 * The AsyncAPI 3.0 document of every topic and every event version, generated from the contracts
 * themselves (issue 13): `npm run asyncapi` writes docs/asyncapi.json, and a test fails when the
 * committed copy is not what the contracts generate. Consumers read it to know what they may rely on.
 */

const jsonSchema = (schema: z.ZodType): Record<string, unknown> => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'output' }) as Record<string, unknown>;
  return rest;
};

/** Keys of channels and messages are plain identifiers in AsyncAPI 3 (letters, digits, _ and -). */
const messageId = (event: EventDefinition) => `${event.type.replace('.', '_')}_v${event.version}`;
const channelId = (name: string) => name.replaceAll('.', '_');

/** The envelope with this event's type and version fixed and its data schema inside. */
function payloadOf(event: EventDefinition): Record<string, unknown> {
  const envelope = jsonSchema(eventEnvelopeSchema) as { properties: Record<string, unknown>; required: string[] };
  return {
    ...envelope,
    properties: {
      ...envelope.properties,
      type: { type: 'string', const: event.type },
      version: { type: 'integer', const: event.version },
      aggregateType: { type: 'string', const: event.aggregateType },
      data: jsonSchema(event.schema),
    },
    required: [...new Set([...envelope.required, 'data'])],
  };
}

const eventHeaders = {
  type: 'object',
  properties: {
    'event-id': { type: 'string', description: 'The envelope id' },
    'event-type': { type: 'string' },
    'event-version': { type: 'string', description: 'The version, as a decimal string' },
    traceparent: {
      type: 'string',
      description: 'W3C trace context of the outbox publish span, when the event was written inside a trace (decision 0034)',
    },
    tracestate: { type: 'string', description: 'W3C trace state, when the trace has one' },
  },
};

const deadLetterHeaders = {
  type: 'object',
  properties: {
    'dlt-consumer-group': { type: 'string', description: 'The consumer group that could not process the message' },
    'dlt-reason': { type: 'string', description: 'Why, naming fields and rules, never values' },
    'dlt-attempts': { type: 'string' },
    'dlt-original-topic': { type: 'string' },
    'dlt-original-offset': { type: 'string' },
  },
};

const serviceOf = (topic: TopicBase) => topic.replace('.events', '');

export function buildAsyncApiDocument(): Record<string, unknown> {
  const messages: Record<string, unknown> = {};
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const event of [...allEvents].sort((a, b) => eventKey(a.type, a.version).localeCompare(eventKey(b.type, b.version)))) {
    messages[messageId(event)] = {
      name: event.type,
      title: `${event.type} v${event.version}`,
      summary: `${event.aggregateType} event, keyed by the aggregate id (order per aggregate, X-2).`,
      contentType: 'application/json',
      headers: eventHeaders,
      payload: payloadOf(event),
      bindings: { kafka: { key: { type: 'string', description: `The ${event.aggregateType} id (the envelope's aggregateId)` } } },
    };
  }
  for (const topic of topicBases) {
    const own = allEvents.filter((event) => event.topic === topic).map(messageId).sort();
    const refs = Object.fromEntries(own.map((id) => [id, { $ref: `#/components/messages/${id}` }]));
    channels[channelId(topic)] = {
      address: `{prefix}${topic}`,
      description: `Every event the ${serviceOf(topic)} service publishes, through its outbox. Retained 14 days.`,
      parameters: { prefix: { description: 'KAFKA_TOPIC_PREFIX of the deployment (empty by default).' } },
      messages: refs,
    };
    channels[channelId(`${topic}.dlt`)] = {
      address: `{prefix}${topic}.dlt`,
      description: `Messages of ${topic} a consumer could not process, with why (kept until an operator acts).`,
      parameters: { prefix: { description: 'KAFKA_TOPIC_PREFIX of the deployment.' } },
      messages: { deadLetter: { $ref: '#/components/messages/deadLetter' } },
    };
    operations[`${serviceOf(topic)}_publish`] = {
      action: 'send',
      channel: { $ref: `#/channels/${channelId(topic)}` },
      summary: `The ${serviceOf(topic)} service publishes its events.`,
      messages: own.map((id) => ({ $ref: `#/channels/${channelId(topic)}/messages/${id}` })),
    };
  }
  messages.deadLetter = {
    name: 'dead-letter',
    title: 'A message parked by a consumer',
    summary: 'The original key, value and event headers, with dlt-* headers saying where it came from and why.',
    headers: deadLetterHeaders,
    payload: { description: 'The original message value, unchanged.' },
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'agencyflow events',
      version: '1.0.0',
      description:
        'Every Kafka topic and event version of the platform (rules X-1, X-2). An event travels in the envelope; ' +
        '`data` follows the schema of its (type, version). Readers drop fields they do not know; a breaking change is a new version.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}

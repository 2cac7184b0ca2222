import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountCreatedV1, eventKey, topicName, type OutgoingEvent } from '@agencyflow/contracts';
import { writeOutbox } from '@agencyflow/db';
import { createLogger } from '@agencyflow/logger';
import { activeTraceIds, recordSpans, tracer, type ReadableSpan } from '@agencyflow/telemetry';
import { eventually, readTopic } from '@agencyflow/testing';
import { OutboxRelay } from '../src';
import { startConsumerFixture, type ConsumerFixture } from './consumer-fixture';
import { accountCreated, header } from './events';

// Before anything traces: every span of this file's relay and consumer is recorded here.
const spans = recordSpans();

/** Trace context across the outbox and Kafka (decision 0034): relay headers, consumer spans. */
describe('trace context through the outbox and Kafka', () => {
  let f: ConsumerFixture;
  let relay: OutboxRelay;
  /** The trace ids the handler saw active, by event id. */
  const seen = new Map<string, { trace_id: string; span_id: string } | undefined>();

  beforeAll(async () => {
    f = await startConsumerFixture('trace-propagation-test', 'id int', () => ({
      handlers: {
        [eventKey(accountCreatedV1.type, accountCreatedV1.version)]: async (_tx, event) => void seen.set(event.id, activeTraceIds()),
      },
    }));
    relay = new OutboxRelay({
      kafka: f.kafka,
      sql: f.database.sql,
      topicPrefix: f.topics.prefix,
      logger: createLogger({ name: 'trace-propagation-test', level: 'silent' }),
      pollIntervalMs: 100,
    });
    await relay.start();
  });
  afterAll(async () => {
    await relay?.stop();
    await f?.stop();
  });

  const write = (event: OutgoingEvent) => f.database.db.transaction((tx) => writeOutbox(tx, [event]));
  const spanNamed = (name: string, traceId: string) =>
    eventually(() => {
      const span = spans.getFinishedSpans().find((s) => s.name === name && s.spanContext().traceId === traceId);
      if (!span) throw new Error(`no finished span ${name} in trace ${traceId}`);
      return span;
    });
  const messageOf = async (eventId: string) => {
    const messages = await readTopic(f.kafka, topicName(f.topics.prefix, 'account.events'), {
      until: (m) => m.some((message) => header(message, 'event-id') === eventId),
    });
    return messages.find((message) => header(message, 'event-id') === eventId)!;
  };
  const parentOf = (span: ReadableSpan) => span.parentSpanId;

  it('the relay puts the W3C traceparent of a publish span, child of the writer, into the Kafka headers; the consumer continues it', async () => {
    const envelope = accountCreated(randomUUID());
    const writer = await tracer().startActiveSpan('write account', async (span) => {
      await write({ topic: 'account.events', envelope });
      span.end();
      return span.spanContext();
    });

    const publish = await spanNamed(`publish ${accountCreatedV1.type}`, writer.traceId);
    expect(parentOf(publish)).toBe(writer.spanId);
    const message = await messageOf(envelope.id);
    expect(header(message, 'traceparent')).toBe(`00-${writer.traceId}-${publish.spanContext().spanId}-01`);
    // The envelope names the trace it was written in.
    expect(JSON.parse(message.value!.toString()).correlationId).toBe(writer.traceId);

    const consume = await spanNamed(`process ${accountCreatedV1.type}`, writer.traceId);
    expect(parentOf(consume)).toBe(publish.spanContext().spanId);
    expect(consume.attributes['messaging.consumer.group.name']).toBe(f.groupId);
    // The handler ran inside the consumer span: its log lines and outbox writes stay in the trace.
    await eventually(() => expect(seen.get(envelope.id)).toEqual({ trace_id: writer.traceId, span_id: consume.spanContext().spanId }));
  });

  it('an event written outside a trace goes without traceparent or correlationId, and its consumer span starts a trace', async () => {
    const envelope = accountCreated(randomUUID());
    await write({ topic: 'account.events', envelope });
    const message = await messageOf(envelope.id);
    expect(header(message, 'traceparent')).toBeUndefined();
    expect(JSON.parse(message.value!.toString()).correlationId).toBeUndefined();
    await eventually(() => expect(seen.get(envelope.id)).toBeDefined());
    const consume = spans.getFinishedSpans().find((s) => s.attributes['messaging.message.id'] === envelope.id && s.name.startsWith('process'));
    expect(consume?.parentSpanId).toBeUndefined();
    expect(consume?.spanContext().traceId).toBe(seen.get(envelope.id)?.trace_id);
  });
});

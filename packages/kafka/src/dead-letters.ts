import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { deadLetterReplaysTopicName, deadLetterTopicName, topicBases } from '@agencyflow/contracts';
import { readTopicsToEnd, type ReadMessage } from './read-to-end';

/** One parked message, as an operator lists it (no event data: `showDeadLetter` masks that). */
export interface DeadLetter {
  /** `<dead-letter topic>:<partition>:<offset>`, what `show` and `replay` take. */
  id: string;
  parkedAt: string;
  consumerGroup: string | null;
  reason: string | null;
  attempts: number | null;
  originalTopic: string | null;
  originalOffset: string | null;
  eventId: string | null;
  eventType: string | null;
  tenantId: string | null;
  replayedAt: string | null;
}

type Parked = ReadMessage;

/** Every dead letter of every topic (with the given prefix), oldest first per topic, with when it was replayed. */
export async function listDeadLetters(kafka: Kafka, prefix: string): Promise<DeadLetter[]> {
  const replays = await readReplays(kafka, prefix);
  const parked = await readTopicsToEnd(kafka, topicBases.map((base) => deadLetterTopicName(prefix, base)));
  return parked.map((p) => describe(p, replays.get(idOf(p)) ?? null));
}

/**
 * One dead letter with its event, protected fields masked: the system's events carry no
 * protected data, and this holds even if one did.
 */
export async function showDeadLetter(kafka: Kafka, prefix: string, id: string): Promise<(DeadLetter & { event: unknown }) | null> {
  const found = await findParked(kafka, id);
  if (!found) return null;
  const replays = await readReplays(kafka, prefix);
  let event: unknown;
  try {
    event = maskProtected(JSON.parse(found.message.value?.toString('utf8') ?? 'null'));
  } catch {
    event = '(not JSON)';
  }
  return { ...describe(found, replays.get(id) ?? null), event };
}

/**
 * Sends each dead letter back to the topic it came from (same key, value and headers, plus
 * `replayed-from`), then records the replay. Replaying twice is harmless: consumers record
 * event ids in their inbox, so an event that was applied is not applied again.
 */
export async function replayDeadLetters(kafka: Kafka, prefix: string, ids: string[]): Promise<Array<{ id: string; replayed: boolean }>> {
  const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const results: Array<{ id: string; replayed: boolean }> = [];
    for (const id of ids) {
      const found = await findParked(kafka, id);
      const original = found && headerOf(found.message.headers, 'dlt-original-topic');
      if (!found || !original) {
        results.push({ id, replayed: false });
        continue;
      }
      const headers: IHeaders = { 'replayed-from': id };
      for (const [name, value] of Object.entries(found.message.headers ?? {})) if (!name.startsWith('dlt-')) headers[name] = value;
      await producer.send({ topic: original, acks: -1, messages: [{ key: found.message.key, value: found.message.value, headers }] });
      await producer.send({
        topic: deadLetterReplaysTopicName(prefix),
        acks: -1,
        messages: [{ key: id, value: JSON.stringify({ replayedAt: new Date().toISOString() }) }],
      });
      results.push({ id, replayed: true });
    }
    return results;
  } finally {
    await producer.disconnect();
  }
}

const idOf = ({ topic, partition, message }: Parked) => `${topic}:${partition}:${message.offset}`;

function parseId(id: string): { topic: string; partition: number; offset: string } | null {
  const match = /^(.+):(\d+):(\d+)$/.exec(id);
  return match ? { topic: match[1]!, partition: Number(match[2]), offset: match[3]! } : null;
}

const headerOf = (headers: IHeaders | undefined, name: string): string | null => {
  const value = headers?.[name];
  if (value === undefined) return null;
  return (Array.isArray(value) ? value[0] : value)?.toString() ?? null;
};

function describe(parked: Parked, replayedAt: string | null): DeadLetter {
  const { message } = parked;
  const attempts = headerOf(message.headers, 'dlt-attempts');
  const envelope = envelopeOf(message);
  return {
    id: idOf(parked),
    parkedAt: new Date(Number(message.timestamp)).toISOString(),
    consumerGroup: headerOf(message.headers, 'dlt-consumer-group'),
    reason: headerOf(message.headers, 'dlt-reason'),
    attempts: attempts === null ? null : Number(attempts),
    originalTopic: headerOf(message.headers, 'dlt-original-topic'),
    originalOffset: headerOf(message.headers, 'dlt-original-offset'),
    eventId: envelope.id ?? headerOf(message.headers, 'event-id'),
    eventType: envelope.type ?? headerOf(message.headers, 'event-type'),
    tenantId: envelope.tenantId ?? null,
    replayedAt,
  };
}

/** The envelope's identifying fields, when the message is a JSON envelope at all (a poison message may not be). */
function envelopeOf(message: KafkaMessage): { id?: string; type?: string; tenantId?: string } {
  try {
    const parsed = JSON.parse(message.value?.toString('utf8') ?? 'null') as Record<string, unknown> | null;
    const text = (key: string) => (typeof parsed?.[key] === 'string' ? (parsed[key] as string) : undefined);
    return { id: text('id'), type: text('type'), tenantId: text('tenantId') };
  } catch {
    return {};
  }
}

const PROTECTED = /ssn|social|date_?of_?birth|dob|mbi|medicare|licen[cs]e|_enc$/i;

function maskProtected(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskProtected);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, v]) => [key, PROTECTED.test(key) && v !== null ? '***' : maskProtected(v)]),
  );
}

async function readReplays(kafka: Kafka, prefix: string): Promise<Map<string, string>> {
  const replays = new Map<string, string>();
  for (const { message } of await readTopicsToEnd(kafka, [deadLetterReplaysTopicName(prefix)])) {
    const key = message.key?.toString();
    if (!key || !message.value) continue;
    replays.set(key, (JSON.parse(message.value.toString('utf8')) as { replayedAt: string }).replayedAt);
  }
  return replays;
}

async function findParked(kafka: Kafka, id: string): Promise<Parked | null> {
  const where = parseId(id);
  if (!where) return null;
  const parked = await readTopicsToEnd(kafka, [where.topic]);
  return parked.find((p) => p.partition === where.partition && p.message.offset === where.offset) ?? null;
}


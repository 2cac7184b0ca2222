/**
 * Kafka topics, one per owning service. Every event of an aggregate goes to its service's
 * topic keyed by the aggregate id, so Kafka keeps their order. Names carry an optional
 * prefix so parallel test runs never share a topic.
 */
export const topicBases = ['account.events', 'policy.events', 'sales.events', 'finance.events'] as const;
export type TopicBase = (typeof topicBases)[number];

export const topicName = (prefix: string, base: TopicBase): string => `${prefix}${base}`;

/** Where a consumer parks a message it cannot process, so it can move on. */
export const deadLetterTopicName = (prefix: string, base: TopicBase): string => `${prefix}${base}.dlt`;

/** Which dead letters an operator has replayed (compacted, keyed by the dead letter's id). */
export const deadLetterReplaysTopicName = (prefix: string): string => `${prefix}dead-letters.replays`;

export function allTopicNames(prefix: string): string[] {
  return [
    ...topicBases.flatMap((base) => [topicName(prefix, base), deadLetterTopicName(prefix, base)]),
    deadLetterReplaysTopicName(prefix),
  ];
}

/**
 * How long a topic keeps its messages. Event topics: 14 days, twice the consumers' inbox
 * retention (7 days), so an event is never redelivered after its inbox row is trimmed. Dead
 * letters and their replay records: until an operator acts (-1, never deleted by time).
 */
export const EVENT_TOPIC_RETENTION_MS = 14 * 24 * 60 * 60 * 1000;

export function topicRetentionMs(name: string): number {
  return name.endsWith('.dlt') || name.endsWith('dead-letters.replays') ? -1 : EVENT_TOPIC_RETENTION_MS;
}

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

export function allTopicNames(prefix: string): string[] {
  return topicBases.flatMap((base) => [topicName(prefix, base), deadLetterTopicName(prefix, base)]);
}

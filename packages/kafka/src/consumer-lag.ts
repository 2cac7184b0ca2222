import type { Admin } from 'kafkajs';

/**
 * Messages on `topics` a consumer group has not committed yet, summed over partitions (a group
 * that never committed counts from each partition's oldest kept message).
 */
export async function consumerGroupLag(admin: Admin, groupId: string, topics: string[]): Promise<number> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  let lag = 0;
  for (const topic of topics) {
    const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
    for (const end of await admin.fetchTopicOffsets(topic)) {
      const at = Number(done.find((p) => p.partition === end.partition)?.offset ?? -1);
      lag += Number(end.high) - Math.max(at, Number(end.low));
    }
  }
  return lag;
}

/** Messages kept on a topic now (its dead letters, for a dead-letter topic). */
export async function messagesOnTopic(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

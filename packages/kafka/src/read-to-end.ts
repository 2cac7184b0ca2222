import type { Kafka, KafkaMessage } from 'kafkajs';

/** One message as read, with where it sits. */
export type ReadMessage = { topic: string; partition: number; message: KafkaMessage };

/**
 * Every message of the topics, from the start to the end they have now (their high watermarks
 * when the read begins), with a throwaway group: no offsets are committed, so reading changes
 * nothing for anyone. Topics that do not exist are skipped. Sorted by topic, partition, offset.
 */
export async function readTopicsToEnd(kafka: Kafka, topics: string[], { timeoutMs = 30_000 }: { timeoutMs?: number } = {}): Promise<ReadMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, number>();
  let wanted: string[];
  try {
    const existing = new Set(await admin.listTopics());
    wanted = topics.filter((t) => existing.has(t));
    for (const topic of wanted) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (Number(p.high) > Number(p.low)) ends.set(`${topic}:${p.partition}`, Number(p.high));
      }
    }
  } finally {
    await admin.disconnect();
  }
  if (ends.size === 0) return [];

  const consumer = kafka.consumer({ groupId: `reader-${Date.now()}-${Math.random().toString(36).slice(2)}` });
  const read: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: wanted, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${wanted.join(', ')} to the end took longer than ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const key = `${topic}:${partition}`;
            const end = ends.get(key);
            if (end === undefined || Number(message.offset) >= end) return;
            read.push({ topic, partition, message });
            if (Number(message.offset) + 1 >= end) ends.delete(key);
            if (ends.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return read.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition || Number(a.message.offset) - Number(b.message.offset) : a.topic < b.topic ? -1 : 1));
}

import type { Kafka, KafkaMessage } from 'kafkajs';
import { allTopicNames } from '@agencyflow/contracts';
import { createKafka, deleteTopics, ensureTopics } from '@agencyflow/kafka';
import { createLogger } from '@agencyflow/logger';
import { testEnvironment } from './environment';
import { shortId } from './ids';

export const testKafka = (clientId = 'test'): Kafka =>
  createKafka({ brokers: testEnvironment.kafkaBrokers, clientId, logger: createLogger({ name: 'test', level: 'error' }) });

/** A topic prefix of one test file's own, with its topics created; `remove()` deletes them. */
export async function createTestTopics(kafka: Kafka = testKafka()) {
  const prefix = `t${shortId()}.`;
  const topics = allTopicNames(prefix);
  await ensureTopics(kafka, topics, 3);
  return { prefix, topics, remove: () => deleteTopics(kafka, topics) };
}

/**
 * Reads a topic from the beginning with a throwaway consumer group until `until` is satisfied
 * or the timeout passes; returns what it saw.
 */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  { until = () => false, timeoutMs = 10_000 }: { until?: (messages: KafkaMessage[]) => boolean; timeoutMs?: number } = {},
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `reader-${shortId()}` });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          messages.push(message);
          if (until(messages)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

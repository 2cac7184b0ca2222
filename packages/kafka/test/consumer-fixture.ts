import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { topicName } from '@agencyflow/contracts';
import { createLogger } from '@agencyflow/logger';
import { createTestDatabase, createTestTopics, shortId, testKafka, type TestDatabase } from '@agencyflow/testing';
import { EventConsumer, type EventConsumerOptions } from '../src';

/** What a consumer test works with: its own topics, database, a producer, and the consumer under test. */
export interface ConsumerFixture {
  kafka: Kafka;
  topics: Awaited<ReturnType<typeof createTestTopics>>;
  database: TestDatabase;
  producer: Producer;
  groupId: string;
  consumer: EventConsumer;
  /** The consumer's options, for a test that starts another consumer of the same group. */
  options(): EventConsumerOptions;
  /** Produces raw values with one key: one partition, consumed in this order. */
  produce(key: string, values: string[]): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Starts a consumer of `account.events` on fresh topics and a fresh database with an `effects`
 * table (`effectsColumns`), the handlers and limits of the test's choosing.
 */
export async function startConsumerFixture(
  name: string,
  effectsColumns: string,
  choose: (fixture: Pick<ConsumerFixture, 'database'>) => Pick<EventConsumerOptions, 'handlers'> & Partial<EventConsumerOptions>,
): Promise<ConsumerFixture> {
  const kafka = testKafka(name);
  const topics = await createTestTopics(kafka);
  const database = await createTestDatabase('policy');
  await database.sql.unsafe(`create table effects (${effectsColumns})`);
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const groupId = `${name}-${shortId()}`;
  const options = (): EventConsumerOptions => ({
    kafka,
    groupId,
    topics: ['account.events'],
    topicPrefix: topics.prefix,
    database,
    logger: createLogger({ name, level: 'silent' }),
    retryDelayMs: 10,
    ...choose({ database }),
  });
  const fixture: ConsumerFixture = {
    kafka,
    topics,
    database,
    producer,
    groupId,
    consumer: new EventConsumer(options()),
    options,
    produce: (key, values) =>
      producer.send({ topic: topicName(topics.prefix, 'account.events'), acks: -1, messages: values.map((value) => ({ key, value })) }),
    stop: async () => {
      await fixture.consumer.stop();
      await producer.disconnect();
      await database.drop();
      await topics.remove();
    },
  };
  await fixture.consumer.start();
  await fixture.consumer.ready();
  return fixture;
}

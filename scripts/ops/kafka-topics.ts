/**
 * `npm run kafka:topics` (built: `node dist/app/kafka-topics.js`, the chart's kafka-topics job):
 * creates every topic the platform uses (event topics, dead letters, the replay record) with
 * KAFKA_TOPIC_PARTITIONS partitions and KAFKA_REPLICATION_FACTOR replicas, and gives existing
 * ones their retention settings. Idempotent: rerun it on every deploy. The services refuse to
 * start while a topic is missing (service-kit startup-check).
 */
import { z } from 'zod';
import { kafkaFragment, loadConfig, logFragment, modeFragment } from '@agencyflow/config';
import { allTopicNames } from '@agencyflow/contracts';
import { createKafka, ensureTopics, kafkaSecurity } from '@agencyflow/kafka';
import { createLogger } from '@agencyflow/logger';

async function main() {
  const config = loadConfig(z.object({ ...modeFragment, ...kafkaFragment, ...logFragment }));
  const logger = createLogger({ name: 'kafka-topics', level: config.LOG_LEVEL });
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'kafka-topics', logger, ...kafkaSecurity(config) });
  const topics = allTopicNames(config.KAFKA_TOPIC_PREFIX);
  const created = await ensureTopics(kafka, topics, { partitions: config.KAFKA_TOPIC_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR });
  console.log(`kafka:topics: ${created.length} created${created.length ? ` (${created.join(', ')})` : ''}, ${topics.length - created.length} already there`);
}

main().catch((error: unknown) => {
  console.error('kafka:topics failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});

import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';
import { topicRetentionMs } from '@agencyflow/contracts';

/** A topic's settings: its retention (topicRetentionMs); the replay record is compacted. */
function topicConfig(topic: string): Array<{ name: string; value: string }> {
  const entries = [{ name: 'retention.ms', value: String(topicRetentionMs(topic)) }];
  if (topic.endsWith('dead-letters.replays')) entries.push({ name: 'cleanup.policy', value: 'compact' });
  return entries;
}

/**
 * How many partitions a new topic gets, and on how many brokers each is kept: 1 on the local
 * broker, 3 on a managed cluster (KAFKA_TOPIC_PARTITIONS, KAFKA_REPLICATION_FACTOR; -1 takes the
 * broker's default.replication.factor).
 */
export interface TopicLayout {
  partitions: number;
  replicationFactor: number;
}

/**
 * Creates the topics that are missing, and gives every one its settings (retention; an older
 * topic gets them too). Auto-creation is off on the broker (kafkajs races with auto-created
 * topics in KRaft), so every topic is made here, explicitly, before use. A number is the
 * partitions, with a replication factor of 1 (the local broker).
 */
export async function ensureTopics(kafka: Kafka, topics: string[], layout: TopicLayout | number = 3): Promise<string[]> {
  const { partitions: numPartitions, replicationFactor } = typeof layout === 'number' ? { partitions: layout, replicationFactor: 1 } : layout;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      // kafkajs' own waitForLeaders races with KRaft metadata propagation ("This server does
      // not host this topic-partition"), so wait for the leaders here with retries instead.
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor, configEntries: topicConfig(topic) })),
      });
      await waitForLeaders(admin, missing);
    }
    const older = topics.filter((t) => existing.has(t));
    if (older.length > 0) {
      await admin.alterConfigs({
        validateOnly: false,
        resources: older.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configEntries: topicConfig(name) })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}

/** Which of `topics` the cluster lacks (the start-up check: a deployment runs kafka:topics first). */
export async function missingTopics(kafka: Kafka, topics: string[]): Promise<string[]> {
  // Few retries: a broker that is down is /readyz's to report, not a reason to hold the start up.
  const admin = kafka.admin({ retry: { retries: 2 } });
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    return topics.filter((t) => !existing.has(t));
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((t) => existing.has(t));
    if (present.length > 0) await admin.deleteTopics({ topics: present });
  } finally {
    await admin.disconnect();
  }
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const ready = metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      if (ready) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`Topics have no leader after ${timeoutMs} ms: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import { ensureTopics } from '@agencyflow/kafka';
import { freePort } from '../processes';
import { KafkaNode, newClusterId } from './kafka-node';

/**
 * What makes an acknowledged write survive a dead broker: three copies of every partition, and a
 * write acknowledged (acks=all, as the relay and the consumers send) only once two of them have
 * it. The internal topics (consumer offsets, transactions) get the same.
 */
export const replication = { factor: 3, minInsyncReplicas: 2 } as const;

const clusterProperties = {
  'default.replication.factor': String(replication.factor),
  'min.insync.replicas': String(replication.minInsyncReplicas),
  'offsets.topic.replication.factor': String(replication.factor),
  'transaction.state.log.replication.factor': String(replication.factor),
  'transaction.state.log.min.isr': String(replication.minInsyncReplicas),
};

/**
 * A three-node Kafka cluster (KRaft) of one scenario's own: each node broker and controller, the
 * three the controller quorum, one cluster id, free ports. A node can be kill -9'ed and started
 * again; with two of three up the quorum holds and every partition keeps min.insync.replicas, so
 * producers with acks=all go on writing.
 */
export class KafkaCluster {
  private constructor(
    private readonly dir: string,
    readonly nodes: KafkaNode[],
  ) {}

  static async start(size = 3): Promise<KafkaCluster> {
    const dir = mkdtempSync('/var/tmp/agencyflow-chaos-kafka-cluster-');
    const clusterId = newClusterId();
    const ports = [];
    for (let id = 1; id <= size; id++) ports.push({ id, port: await freePort(), controllerPort: await freePort() });
    const voters = ports.map(({ id, controllerPort }) => `${id}@127.0.0.1:${controllerPort}`).join(',');
    const nodes = ports.map(({ id, port, controllerPort }) => {
      const nodeDir = path.join(dir, `node-${id}`);
      mkdirSync(nodeDir);
      return new KafkaNode({
        dir: nodeDir,
        port,
        controllerPort,
        clusterId,
        overrides: { 'node.id': String(id), 'controller.quorum.voters': voters, ...clusterProperties },
      });
    });
    const cluster = new KafkaCluster(dir, nodes);
    try {
      // Together: a node finishes starting only once a majority of the quorum is up.
      await Promise.all(nodes.map((node) => node.start()));
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** Every node's client address, for KAFKA_BROKERS: clients find the live ones. */
  get brokers(): string {
    return this.nodes.map((node) => node.address).join(',');
  }

  /** kill -9 node `id` (1-based, its node.id). */
  kill(id: number): Promise<void> {
    return this.node(id).kill();
  }

  /** Starts node `id` again on its data; it rejoins the quorum and catches its replicas up. */
  restart(id: number): Promise<void> {
    return this.node(id).start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private node(id: number): KafkaNode {
    const node = this.nodes[id - 1];
    if (!node) throw new Error(`the cluster has no node ${id}`);
    return node;
  }
}

/**
 * Creates `topics` replicated on the cluster before the services start (ensureTopics, which
 * creates a missing topic with one replica, then finds them there and leaves them be), and waits
 * until every partition has a leader and its full set of in-sync replicas.
 */
export async function createReplicatedTopics(kafka: Kafka, topics: string[], numPartitions = 3, timeoutMs = 60_000): Promise<void> {
  // The platform's own topic creation (its topic configs too); min.insync.replicas comes from the
  // cluster's broker defaults above.
  await ensureTopics(kafka, topics, { partitions: numPartitions, replicationFactor: replication.factor });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const metadata = await admin.fetchTopicMetadata({ topics }).catch(() => undefined);
      const ready = metadata?.topics.every(
        (t) => t.partitions.length === numPartitions && t.partitions.every((p) => p.leader >= 0 && p.isr.length === replication.factor),
      );
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`the replicated topics have no leader or full ISR after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect();
  }
}

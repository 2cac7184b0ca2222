import { mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '../processes';
import { KafkaNode, newClusterId } from './kafka-node';

/**
 * A single-node Kafka (KRaft) of one scenario's own, on free ports, so the scenario can kill the
 * broker and start it again without touching the shared broker other test files use.
 */
export class PrivateKafka {
  private constructor(
    private readonly dir: string,
    private readonly node: KafkaNode,
  ) {}

  static async start(): Promise<PrivateKafka> {
    const dir = mkdtempSync('/var/tmp/agencyflow-chaos-kafka-');
    const broker = new PrivateKafka(dir, new KafkaNode({ dir, port: await freePort(), controllerPort: await freePort(), clusterId: newClusterId() }));
    await broker.node.start();
    return broker;
  }

  get port(): number {
    return this.node.spec.port;
  }

  get brokers(): string {
    return this.node.address;
  }

  /** kill -9 the broker (no controlled shutdown, logs recovered on start), then start it again. */
  async restart(): Promise<void> {
    await this.node.kill();
    await this.node.start();
  }

  async stop(): Promise<void> {
    await this.node.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

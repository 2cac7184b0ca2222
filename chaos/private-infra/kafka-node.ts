import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Daemon, waitUntil } from './daemon';

const root = path.resolve(__dirname, '../..');
const libs = () => process.env.AGENCYFLOW_KAFKA_LIBS ?? path.join(process.env.HOME ?? '', '.cache/agencyflow/kafka-3.9.1-libs');
const log4j = () => process.env.AGENCYFLOW_KAFKA_LOG4J ?? path.join(root, 'infra/kafka/log4j.properties');
const java = (main: string, args: string[]) => ['-Xmx512m', '-Xms128m', '-cp', `${libs()}/*`, `-Dlog4j.configuration=file:${log4j()}`, main, ...args];

export interface KafkaNodeSpec {
  /** A directory of the node's own: its server.properties, data and log. */
  dir: string;
  port: number;
  controllerPort: number;
  /** Every node of one cluster is formatted with the same id. */
  clusterId: string;
  /** server.properties entries that replace the template's (node.id, controller.quorum.voters, replication...). */
  overrides?: Record<string, string>;
}

/**
 * One Kafka (KRaft) process of a scenario's own, broker and controller in one, from the jars
 * infra/kafka.sh collected and its server.properties template: alone (PrivateKafka) or one node
 * of a cluster (KafkaCluster). It can be kill -9'ed and started again on the same data.
 */
export class KafkaNode {
  private readonly daemon: Daemon;
  private readonly logFile: string;

  constructor(readonly spec: KafkaNodeSpec) {
    const config = path.join(spec.dir, 'server.properties');
    const template = readFileSync(path.join(root, 'infra/kafka/server.properties.template'), 'utf8')
      .replaceAll('@KAFKA_PORT@', String(spec.port))
      .replaceAll('@KAFKA_CONTROLLER_PORT@', String(spec.controllerPort))
      .replaceAll('@KAFKA_DATA_DIR@', path.join(spec.dir, 'data'));
    writeFileSync(config, withProperties(template, spec.overrides ?? {}));
    execFileSync('java', java('kafka.tools.StorageTool', ['format', '--ignore-formatted', `--cluster-id=${spec.clusterId}`, '-c', config]), {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.logFile = path.join(spec.dir, 'kafka.log');
    this.daemon = new Daemon('kafka', 'java', java('kafka.Kafka', [config]), this.logFile);
  }

  get address(): string {
    return `127.0.0.1:${this.spec.port}`;
  }

  get running(): boolean {
    return this.daemon.running;
  }

  /** Starts the process and waits until it says it started and its port answers. */
  async start(timeoutMs = 180_000): Promise<void> {
    const startedBefore = countStarted(this.logFile);
    this.daemon.start();
    await waitUntil(
      `Kafka node on ${this.address}`,
      async () => {
        if (!this.daemon.running) throw new Error(`the broker exited; see ${this.logFile}`);
        return countStarted(this.logFile) > startedBefore && (await listening(this.spec.port));
      },
      timeoutMs,
    );
  }

  /** kill -9: no controlled shutdown; its logs are recovered on the next start. */
  kill(): Promise<void> {
    return this.daemon.kill('SIGKILL');
  }
}

/** The template's text with `key=value` lines replaced (or added) by `overrides`. */
export function withProperties(text: string, overrides: Record<string, string>): string {
  let result = text;
  for (const [key, value] of Object.entries(overrides)) {
    const line = new RegExp(`^${key.replaceAll('.', '\\.')}=.*$`, 'm');
    result = line.test(result) ? result.replace(line, `${key}=${value}`) : `${result.trimEnd()}\n${key}=${value}\n`;
  }
  return result;
}

/** 16 random bytes, base64url, not starting with '-' (as infra/kafka.sh makes it). */
export function newClusterId(): string {
  for (;;) {
    const id = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function countStarted(logFile: string): number {
  try {
    return readFileSync(logFile, 'utf8').split('Kafka Server started').length - 1;
  } catch {
    return 0;
  }
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });

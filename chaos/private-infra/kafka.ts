import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from '../processes';
import { Daemon, waitUntil } from './daemon';

const root = path.resolve(__dirname, '../..');
const libs = () => process.env.AGENCYFLOW_KAFKA_LIBS ?? path.join(process.env.HOME ?? '', '.cache/agencyflow/kafka-3.9.1-libs');
const log4j = () => process.env.AGENCYFLOW_KAFKA_LOG4J ?? path.join(root, 'infra/kafka/log4j.properties');
const java = (main: string, args: string[]) => ['-Xmx512m', '-Xms128m', '-cp', `${libs()}/*`, `-Dlog4j.configuration=file:${log4j()}`, main, ...args];

/**
 * A single-node Kafka (KRaft) of one scenario's own, from the jars infra/kafka.sh collected and
 * its server.properties template, on free ports, so the scenario can kill the broker and start
 * it again without touching the shared broker other test files use.
 */
export class PrivateKafka {
  private readonly daemon: Daemon;

  private constructor(
    private readonly dir: string,
    readonly port: number,
    controllerPort: number,
  ) {
    const config = path.join(dir, 'server.properties');
    writeFileSync(
      config,
      readFileSync(path.join(root, 'infra/kafka/server.properties.template'), 'utf8')
        .replaceAll('@KAFKA_PORT@', String(port))
        .replaceAll('@KAFKA_CONTROLLER_PORT@', String(controllerPort))
        .replaceAll('@KAFKA_DATA_DIR@', path.join(dir, 'data')),
    );
    execFileSync('java', java('kafka.tools.StorageTool', ['format', '--ignore-formatted', `--cluster-id=${clusterId()}`, '-c', config]), {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.daemon = new Daemon('kafka', 'java', java('kafka.Kafka', [config]), path.join(dir, 'kafka.log'));
  }

  static async start(): Promise<PrivateKafka> {
    const broker = new PrivateKafka(mkdtempSync('/var/tmp/agencyflow-chaos-kafka-'), await freePort(), await freePort());
    await broker.startBroker();
    return broker;
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** kill -9 the broker (no controlled shutdown, logs recovered on start), then start it again. */
  async restart(): Promise<void> {
    await this.daemon.kill('SIGKILL');
    await this.startBroker();
  }

  async stop(): Promise<void> {
    await this.daemon.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async startBroker(): Promise<void> {
    const logFile = path.join(this.dir, 'kafka.log');
    const startedBefore = countStarted(logFile);
    this.daemon.start();
    await waitUntil(
      'private Kafka',
      async () => {
        if (!this.daemon.running) throw new Error(`the broker exited; see ${logFile}`);
        return countStarted(logFile) > startedBefore && (await listening(this.port));
      },
      180_000,
    );
  }
}

/** 16 random bytes, base64url, not starting with '-' (as infra/kafka.sh makes it). */
function clusterId(): string {
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

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../processes';
import { Daemon, waitUntil } from './daemon';

const run = promisify(execFile);
const cli = () => process.env.TEMPORAL_CLI ?? 'temporal';
const root = path.resolve(__dirname, '../..');

/** NAME=TYPE for each search attribute infra/temporal.sh registers (the workflows set them). */
function searchAttributes(): string[] {
  return readFileSync(path.join(root, 'infra/temporal-search-attributes.txt'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().split(/\s+/))
    .filter((fields) => fields.length >= 2)
    .map(([name, type]) => `${name}=${type}`);
}

/**
 * A Temporal dev server of one scenario's own (same CLI as infra/temporal.sh, SQLite on disk),
 * so the scenario can kill it mid-run and start it again on the same file: the workflows'
 * histories, timers and task queues must all be there when it comes back.
 */
export class PrivateTemporal {
  private readonly daemon: Daemon;

  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {
    const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--log-level', 'error',
      '--db-filename', path.join(dir, 'temporal.db'), ...searchAttributes().flatMap((sa) => ['--search-attribute', sa])];
    this.daemon = new Daemon('temporal', cli(), args, path.join(dir, 'temporal.log'));
  }

  static async start(): Promise<PrivateTemporal> {
    const server = new PrivateTemporal(mkdtempSync('/var/tmp/agencyflow-chaos-temporal-'), await freePort());
    await server.startServer();
    return server;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** kill -9 the server, then start it again on the same database file. */
  async restart(): Promise<void> {
    await this.daemon.kill('SIGKILL');
    await this.startServer();
  }

  async stop(): Promise<void> {
    await this.daemon.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async startServer(): Promise<void> {
    this.daemon.start();
    await waitUntil('private Temporal', async () => {
      if (!this.daemon.running) throw new Error(`the Temporal server exited; see ${this.dir}/temporal.log`);
      await run(cli(), ['operator', 'namespace', 'describe', '--address', this.address, '--command-timeout', '3s', '-n', 'default']);
      return true;
    });
  }
}

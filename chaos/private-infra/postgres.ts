import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { freePort } from '../processes';
import { waitUntil } from './daemon';

const bin = (name: string) => path.join(process.env.AGENCYFLOW_PG_BIN ?? '/usr/lib/postgresql/15/bin', name);

/**
 * A PostgreSQL cluster of one scenario's own, on a free port, so the scenario can crash and
 * restart it without touching the shared test server other test files use. Same binaries as
 * infra/postgres.sh. fsync is off (the machine does not crash here, only the server), but
 * synchronous_commit stays on: an acknowledged commit must survive an immediate stop.
 */
export class PrivatePostgres {
  private constructor(
    private readonly base: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    // The server refuses to run as root and needs every parent directory traversable: /var/tmp is.
    const base = mkdtempSync('/var/tmp/agencyflow-chaos-pg-');
    if (process.getuid?.() === 0) chownSync(base, uid('postgres'), gid('postgres'));
    const server = new PrivatePostgres(base, await freePort());
    server.asPostgres(bin('initdb'), ['-D', server.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    await server.startServer();
    return server;
  }

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get data(): string {
    return path.join(this.base, 'data');
  }

  /** pg_ctl stop -m immediate: every backend dies at once, no checkpoint; recovery replays the WAL on start. */
  async restartImmediately(): Promise<void> {
    this.asPostgres(bin('pg_ctl'), ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
    await this.startServer();
  }

  async stop(): Promise<void> {
    try {
      this.asPostgres(bin('pg_ctl'), ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(this.base, { recursive: true, force: true });
    }
  }

  private async startServer(): Promise<void> {
    const options = `-c listen_addresses=127.0.0.1 -p ${this.port} -k ${this.base} -c max_connections=200 -c fsync=off -c full_page_writes=off`;
    this.asPostgres(bin('pg_ctl'), ['-D', this.data, '-l', path.join(this.base, 'postgres.log'), '-w', '-t', '120', '-o', options, 'start']);
    await waitUntil('private PostgreSQL', async () => {
      const sql = postgres(this.adminUrl, { max: 1, connect_timeout: 2, onnotice: () => {} });
      try {
        await sql`select 1`;
        return true;
      } finally {
        await sql.end({ timeout: 1 });
      }
    });
  }

  private asPostgres(command: string, args: string[]): void {
    const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  }
}

const uid = (user: string) => Number(execFileSync('id', ['-u', user]).toString().trim());
const gid = (user: string) => Number(execFileSync('id', ['-g', user]).toString().trim());

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/** A port nobody listens on right now (the child binds it a moment later; 127.0.0.1 only). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** How a deployable is started, and from what. */
export interface Launch {
  cwd: string;
  args: string[];
  /** For the log: 'the build (dist/app/account.js)' or 'source (tsx services/account/src/main.ts)'. */
  from: string;
}

/**
 * The one place that says how a deployable (account, policy, sales, finance, worker) is started:
 * from the build (`npm run build`: dist/app/<deployable>.js) with plain node, as it is deployed,
 * when CHAOS_FROM_BUILD=1 (npm run multinode builds first and sets it); else from its source with tsx.
 */
export function launchOf(deployable: string, source: { cwd: string; entry: string }): Launch {
  // CHAOS_FROM_BUILD=1 (npm run multinode, right after npm run build) runs the built output. Anything
  // else runs the source: a build left in dist/ may be older than the source, and in npm test the build
  // test rewrites dist/ while other files run.
  if (process.env.CHAOS_FROM_BUILD === '1') {
    const built = `dist/app/${deployable}.js`;
    const file = path.join(root, built);
    if (!existsSync(file)) throw new Error(`CHAOS_FROM_BUILD=1 but ${built} does not exist: run npm run build first`);
    return { cwd: root, args: [built], from: `the build (${built}, built ${statSync(file).mtime.toISOString()})` };
  }
  return { cwd: path.join(root, source.cwd), args: ['--import', 'tsx', source.entry], from: `source (tsx ${path.join(source.cwd, source.entry)})` };
}

/**
 * One part of the system run as its own OS process (a service or the workflow worker), as in
 * production: it can be killed with SIGKILL mid-work and started again, and nothing of it
 * survives in this process. Its output is kept for the report of a failed run.
 */
export class ManagedProcess {
  private child?: ChildProcess;
  private readonly output: string[] = [];
  kills = 0;
  readonly launch: Launch;

  constructor(
    readonly name: string,
    private readonly spec: {
      /** The deployable's name in the build (dist/app/<deployable>.js). */
      deployable: string;
      /** Where its source starts, when there is no build. */
      cwd: string;
      entry: string;
      env: Record<string, string>;
      readyUrl: string;
      /** Every chunk the process writes, for a test that searches all of its output. */
      onOutput?: (chunk: string) => void;
    },
  ) {
    this.launch = launchOf(spec.deployable, spec);
  }

  async start(timeoutMs = 120_000): Promise<void> {
    const child = spawn(process.execPath, this.launch.args, {
      cwd: this.launch.cwd,
      env: { ...process.env, AGENCYFLOW_MODE: 'development', LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn', ...this.spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.spec.onOutput?.(chunk.toString());
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (isGone(child)) throw new Error(`${this.name} exited (${child.exitCode}) before it was ready:\n${this.tail()}`);
      try {
        const res = await fetch(this.spec.readyUrl);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** kill -9: no drain, no goodbye; whatever it was doing is cut off. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || isGone(child)) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.kills++;
  }

  /** SIGTERM, as a deploy stops it: it drains. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || isGone(child)) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  tail(): string {
    return this.output.join('').split('\n').slice(-40).join('\n');
  }
}

/** Whether it is gone: an exit code when it exited, only a signal when it was killed (kill -9). */
const isGone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * The process part of `npm start` (scripts/start.sh prepares the infrastructure first): runs the
 * four services and the workflow worker as child processes, prefixes their output with their
 * name, waits until each answers, prints where everything is, and stops them all on Ctrl-C /
 * SIGTERM (SIGTERM each, wait, then SIGKILL). If one dies, the others are stopped and the
 * launcher exits non-zero. The infrastructure (PostgreSQL, Kafka, Temporal) is left running.
 *
 * Environment: ACCOUNT_PORT POLICY_PORT SALES_PORT FINANCE_PORT (3001-3004), CODEC_SERVER_PORT
 * (8234), AMS_SIMULATOR_PORT (4010), SMTP_PORT (1025) and MAIL_CATCHER_PORT (8025) of the mail catcher, READY_TIMEOUT_MS (120000), STOP_TIMEOUT_MS (10000), DEV_LOG_FORMAT=json (raw pino lines).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { databaseUrl, serviceRoleUrl } from '@agencyflow/db';

const root = path.resolve(__dirname, '..');
const env = process.env;
const num = (value: string | undefined, fallback: number) => (value && /^\d+$/.test(value) ? Number(value) : fallback);

const readyTimeoutMs = num(env.READY_TIMEOUT_MS, 120_000);
const stopTimeoutMs = num(env.STOP_TIMEOUT_MS, 10_000);
const codecPort = num(env.CODEC_SERVER_PORT, 8234);
const amsSimulatorPort = num(env.AMS_SIMULATOR_PORT, 4010);
const smtpPort = num(env.SMTP_PORT, 1025);
const mailCatcherPort = num(env.MAIL_CATCHER_PORT, 8025);
const temporalUi = env.TEMPORAL_UI_URL ?? 'http://127.0.0.1:8233';
const rawLogs = env.DEV_LOG_FORMAT === 'json';
const color = process.stdout.isTTY && !env.NO_COLOR;

interface ChildSpec {
  name: string;
  cwd: string;
  entry: string;
  env: Record<string, string>;
  /** Answers 200 when the child is ready. */
  readyUrl: string;
  color: number;
}

/**
 * Each service gets its own database in the cluster the infrastructure runs (same host as the
 * admin URL), and connects as its own role, which cannot bypass row-level security (X-3).
 */
function serviceDatabaseUrl(service: string): Record<string, string> {
  if (!env.DATABASE_ADMIN_URL) return {};
  return { DATABASE_URL: serviceRoleUrl(databaseUrl(env.DATABASE_ADMIN_URL, service), service) };
}

const services = [
  { name: 'account', port: num(env.ACCOUNT_PORT, 3001), color: 36 },
  { name: 'policy', port: num(env.POLICY_PORT, 3002), color: 35 },
  { name: 'sales', port: num(env.SALES_PORT, 3003), color: 33 },
  { name: 'finance', port: num(env.FINANCE_PORT, 3004), color: 32 },
];

// Services that call each other internally find each other here (e.g. the account side of a policy sync).
const peers = {
  POLICY_SERVICE_URL: `http://127.0.0.1:${services.find((s) => s.name === 'policy')!.port}`,
  ACCOUNT_SERVICE_URL: `http://127.0.0.1:${services.find((s) => s.name === 'account')!.port}`,
  // The sales workflows' emails (SR-5) go to the local mail catcher.
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(smtpPort),
};

const specs: ChildSpec[] = [
  {
    name: 'mail',
    cwd: root,
    entry: 'scripts/mail-catcher.ts',
    env: { SMTP_PORT: String(smtpPort), MAIL_CATCHER_PORT: String(mailCatcherPort) },
    readyUrl: `http://127.0.0.1:${mailCatcherPort}/healthz`,
    color: 37,
  },
  ...services.map((s) => ({
    name: s.name,
    cwd: path.join(root, 'services', s.name),
    entry: 'src/main.ts',
    env: { PORT: String(s.port), HOST: '127.0.0.1', ...peers, ...serviceDatabaseUrl(s.name) },
    readyUrl: `http://127.0.0.1:${s.port}/readyz`,
    color: s.color,
  })),
  {
    name: 'worker',
    cwd: path.join(root, 'workflows'),
    entry: 'src/worker/main.ts',
    env: {
      CODEC_TRUST_UI_ORIGIN: 'true',
      CODEC_SERVER_PORT: String(codecPort),
      CODEC_SERVER_HOST: '127.0.0.1',
      ACCOUNT_SERVICE_URL: `http://127.0.0.1:${services.find((s) => s.name === 'account')!.port}`,
    },
    readyUrl: `http://127.0.0.1:${codecPort}/healthz`,
    color: 34,
  },
  {
    // Plays AMS360, QQCatalyst, NowCerts and HawkSoft, so a tenant can connect "AMS360 (simulator)" locally.
    name: 'ams-sim',
    cwd: path.join(root, 'packages', 'ams-simulator'),
    entry: 'src/main.ts',
    env: { AMS_SIMULATOR_PORT: String(amsSimulatorPort) },
    readyUrl: `http://127.0.0.1:${amsSimulatorPort}/admin/health`,
    color: 31,
  },
];

const width = Math.max(...specs.map((s) => s.name.length)) + 2;
const tag = (name: string, code: number) => {
  const text = `[${name}]`.padEnd(width);
  return color ? `\x1b[${code}m${text}\x1b[0m` : text;
};
const say = (message: string) => process.stdout.write(`${tag('start', 1)} ${message}\n`);

const levels: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };

/** A pino JSON line as `12:00:01 INFO  message key=value ...`; anything else unchanged. */
function formatLine(line: string): string {
  if (rawLogs || !line.startsWith('{')) return line;
  try {
    const { level, time, msg, pid: _pid, hostname: _host, name: _name, ...rest } = JSON.parse(line) as Record<string, unknown>;
    const when = typeof time === 'number' ? new Date(time).toISOString().slice(11, 23) : '';
    const extra = Object.entries(rest)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    return [when, levels[level as number] ?? String(level ?? ''), msg ?? '', extra].filter(Boolean).join(' ');
  } catch {
    return line;
  }
}

interface Running {
  spec: ChildSpec;
  child: ChildProcess;
  exited: Promise<void>;
  done: boolean;
}

const running: Running[] = [];
let stopping = false;

function start(spec: ChildSpec): Running {
  // `node --import tsx` runs the TypeScript in this one process (the tsx CLI would add a
  // second one). Its own process group, so a stop reaches anything it spawns.
  const child = spawn(process.execPath, ['--import', 'tsx', spec.entry], {
    cwd: spec.cwd,
    env: { ...env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = tag(spec.name, spec.color);
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream! }).on('line', (line) => process.stdout.write(`${prefix} ${formatLine(line)}\n`));
  }
  const entry: Running = {
    spec,
    child,
    done: false,
    exited: new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        entry.done = true;
        if (!stopping) {
          say(`${spec.name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything.`);
          void stopAll(1);
        } else {
          say(`${spec.name} stopped (${signal ?? `code ${code}`})`);
        }
        resolve();
      });
      child.on('error', (error) => {
        entry.done = true;
        say(`${spec.name} could not start: ${error.message}`);
        if (!stopping) void stopAll(1);
        resolve();
      });
    }),
  };
  return entry;
}

function signalGroup(entry: Running, signal: NodeJS.Signals) {
  if (entry.done || !entry.child.pid) return;
  try {
    process.kill(-entry.child.pid, signal);
  } catch {
    try {
      entry.child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

async function stopAll(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    const alive = running.filter((r) => !r.done);
    if (alive.length) say(`stopping ${alive.map((r) => r.spec.name).join(', ')} ...`);
    for (const r of alive) signalGroup(r, 'SIGTERM');
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), stopTimeoutMs).unref());
    const result = await Promise.race([Promise.all(running.map((r) => r.exited)), timer]);
    if (result === 'timeout') {
      const stuck = running.filter((r) => !r.done);
      say(`${stuck.map((r) => r.spec.name).join(', ')} did not stop within ${stopTimeoutMs} ms; killing.`);
      for (const r of stuck) signalGroup(r, 'SIGKILL');
      await Promise.race([Promise.all(running.map((r) => r.exited)), new Promise((r) => setTimeout(r, 2000).unref())]);
    }
    say('all processes stopped. The infrastructure is still running (npm run infra:down stops it).');
    process.exit(exitCode);
  }
  return new Promise<never>(() => {});
}

let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    signals += 1;
    if (signals > 1) {
      say('second signal: killing now.');
      for (const r of running) signalGroup(r, 'SIGKILL');
      process.exit(130);
    }
    say(`${signal} received.`);
    void stopAll(0);
  });
}
// Last resort if the launcher itself ends some other way: never leave children behind.
process.on('exit', () => {
  for (const r of running) signalGroup(r, 'SIGKILL');
});

async function answers(url: string, init?: RequestInit): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(3000) });
    const body = await res.text();
    return { ok: res.ok, detail: `${res.status} ${body.slice(0, 300)}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, detail: cause ?? (error as Error).message };
  }
}

async function waitReady(spec: ChildSpec, deadline: number): Promise<void> {
  let last = 'no answer yet';
  while (!stopping) {
    const result = await answers(spec.readyUrl);
    if (result.ok) return;
    last = result.detail;
    if (Date.now() > deadline) {
      throw new Error(`${spec.name} did not become ready at ${spec.readyUrl} within ${readyTimeoutMs / 1000}s (last answer: ${last})`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main() {
  const began = Date.now();
  say(`starting ${specs.map((s) => s.name).join(', ')} ...`);
  for (const spec of specs) running.push(start(spec));

  const deadline = Date.now() + readyTimeoutMs;
  try {
    await Promise.all(specs.map((s) => waitReady(s, deadline)));
  } catch (error) {
    say((error as Error).message);
    await stopAll(1);
  }
  if (stopping) return;

  const ui = await answers(`${temporalUi}/api/v1/settings`);
  let codecNote = '';
  if (!ui.ok) {
    codecNote = `  (warning: the Temporal UI did not answer: ${ui.detail.slice(0, 80)})`;
  } else if (!ui.detail.includes(`"Endpoint":"http`)) {
    codecNote =
      '\n    (this Temporal server was started without a codec endpoint, so the UI does not even try the codec server;' +
      '\n     to point it there: npm run infra:down, then npm start again)';
  }

  const lines = [
    '',
    `agencyflow is up (${((Date.now() - began) / 1000).toFixed(1)}s):`,
    ...services.map(
      (s) =>
        `  ${s.name.padEnd(8)} API  http://127.0.0.1:${s.port}   docs http://127.0.0.1:${s.port}/docs   OpenAPI http://127.0.0.1:${s.port}/openapi.json`,
    ),
    `  Temporal UI   ${temporalUi}${codecNote}`,
    `  AMS simulator http://127.0.0.1:${amsSimulatorPort}  (connect a tenant to http://127.0.0.1:${amsSimulatorPort}/ams360/<tenant>; admin /admin/...)`,
    `  Mail catcher  http://127.0.0.1:${mailCatcherPort} (what sales workflows emailed; JSON at /mails; SMTP 127.0.0.1:${smtpPort})`,
    `  Codec server  http://127.0.0.1:${codecPort} (decodes for an operator's token only; this UI has no login, so it shows payloads`,
    '                encrypted: decode with temporal workflow show -w <id> --codec-endpoint ' +
      `http://127.0.0.1:${codecPort} --codec-auth "Bearer $(npm run -s token -- --groups operator)")`,
    '',
    '  Dev token (signed with the development secret; use as "Authorization: Bearer <token>" or in /docs > Authorize):',
    '    TOKEN=$(npm run -s token -- --tenant demo)     options: --groups agency-admin,fmo-admin,operator --subject dev-user',
    `    curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:${services[0]!.port}/accounts`,
    '',
    '  Ctrl-C stops the services and the worker; the infrastructure keeps running (npm run infra:down stops it).',
    '',
  ];
  process.stdout.write(lines.join('\n').split('\n').map((l) => `${tag('start', 1)} ${l}`).join('\n') + '\n');
}

void main();

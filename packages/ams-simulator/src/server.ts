import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ams360 } from './dialects/ams360';
import type { Dialect } from './dialects/dialect';
import { hawksoft } from './dialects/hawksoft';
import { nowcerts } from './dialects/nowcerts';
import { qqcatalyst } from './dialects/qqcatalyst';
import { drawFault } from './faults';
import { amsKinds, recordsOf, SimulatorStore, type AmsKind, type AmsRecord, type SimTenant } from './store';

const dialects: Record<AmsKind, Dialect> = { ams360, qqcatalyst, nowcerts, hawksoft };

export interface AmsSimulator {
  /** e.g. http://127.0.0.1:4010; a tenant's base URL is `${url}/<dialect>/<tenant>`. */
  url: string;
  port: number;
  store: SimulatorStore;
  /** The base URL a tenant connects to. */
  baseUrl(kind: AmsKind, tenant: string): string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

/** The per-tenant rate limit: a token bucket of one second's calls. Answers the seconds to wait, or 0. */
function takeToken(tenant: SimTenant): number {
  if (!tenant.rateLimit) return 0;
  const now = Date.now();
  tenant.bucket.tokens = Math.min(tenant.rateLimit, tenant.bucket.tokens + ((now - tenant.bucket.at) / 1000) * tenant.rateLimit);
  tenant.bucket.at = now;
  if (tenant.bucket.tokens >= 1) {
    tenant.bucket.tokens -= 1;
    return 0;
  }
  return Math.max(1, Math.ceil((1 - tenant.bucket.tokens) / tenant.rateLimit));
}

/** A record added in the AMS by one of its users (admin endpoint): ids as the dialect makes them. */
function addAsAmsUser(store: SimulatorStore, tenant: SimTenant, body: Record<string, unknown>): AmsRecord {
  const kind = body.kind === 'contact' ? 'contact' : 'customer';
  const integerIds = tenant.kind === 'qqcatalyst';
  const numbered = kind === 'customer' && (tenant.kind === 'ams360' || tenant.kind === 'hawksoft');
  return store.insert(tenant, {
    ...(integerIds ? { id: String(tenant.nextNumber++) } : {}),
    kind,
    parentId: typeof body.parentId === 'string' ? body.parentId : null,
    number: numbered ? tenant.nextNumber++ : null,
    externalRef: null,
    firstName: String(body.firstName ?? ''),
    lastName: String(body.lastName ?? ''),
    email: typeof body.email === 'string' ? body.email : null,
    phone: typeof body.phone === 'string' ? body.phone : null,
    active: body.active !== false,
    sortOrder: typeof body.sortOrder === 'number' ? body.sortOrder : 0,
    ...(typeof body.modified === 'string' ? { modified: body.modified } : {}),
  });
}

/**
 * The simulator's HTTP server: the four dialects under `/<dialect>/<tenant>/...`, and the admin
 * endpoints under `/admin/...` (configure tenants and faults, read records and the call log, add
 * or change records as an AMS user would, take the listener down for a while).
 */
export async function startAmsSimulator(options: { port?: number; host?: string; store?: SimulatorStore } = {}): Promise<AmsSimulator> {
  const store = options.store ?? new SimulatorStore();
  const host = options.host ?? '127.0.0.1';
  let server: Server;
  let port = options.port ?? 0;

  async function admin(req: IncomingMessage, res: ServerResponse, segments: string[], query: URLSearchParams) {
    const method = req.method ?? 'GET';
    const body = method === 'GET' ? {} : await readBody(req);
    const [what, tenantId, sub, recordId] = segments;
    if (what === 'health') return send(res, 200, { ok: true, dialects: amsKinds });
    if (what === 'reset' && method === 'POST') {
      store.reset();
      return send(res, 204, undefined);
    }
    if (what === 'faults' && method === 'PUT') {
      store.defaultFaults = body;
      return send(res, 200, store.defaultFaults);
    }
    if (what === 'outage' && method === 'POST') {
      // Refused connections for real: nothing listens on the port for a while.
      const ms = Number(body.ms ?? 1000);
      send(res, 202, { refusingForMs: ms });
      setTimeout(() => {
        server.close();
        server.closeAllConnections();
        setTimeout(() => void listen(), ms);
      }, 10);
      return;
    }
    if (what === 'calls' && method === 'GET') {
      const tenant = query.get('tenant');
      const after = Number(query.get('after') ?? 0);
      return send(res, 200, { calls: store.calls.filter((c) => c.seq > after && (!tenant || c.tenant === tenant)) });
    }
    if (what !== 'tenants' || !tenantId) return send(res, 404, { Message: 'Not found.' });
    if (!sub && method === 'PUT') {
      const tenant = store.configure(tenantId, body);
      return send(res, 200, { id: tenant.id, kind: tenant.kind, rateLimit: tenant.rateLimit, optedOut: tenant.optedOut, faults: tenant.faults });
    }
    const tenant = store.tenants.get(tenantId);
    if (!tenant) return send(res, 404, { Message: 'No such tenant.' });
    if (sub === 'records' && !recordId && method === 'GET') return send(res, 200, { records: recordsOf(tenant) });
    if (sub === 'records' && !recordId && method === 'POST') return send(res, 201, addAsAmsUser(store, tenant, body));
    const record = recordId ? tenant.records.get(recordId) : undefined;
    if (sub !== 'records' || !record) return send(res, 404, { Message: 'No such record.' });
    if (method === 'PATCH') return send(res, 200, store.update(record, body as Partial<AmsRecord>));
    if (method === 'DELETE') return send(res, 200, store.update(record, { deleted: true }));
    return send(res, 405, { Message: 'Method not allowed.' });
  }

  async function api(req: IncomingMessage, res: ServerResponse, dialect: Dialect, tenantId: string, segments: string[], query: URLSearchParams) {
    const method = req.method ?? 'GET';
    const tenant = store.tenant(tenantId);
    const logged = { tenant: tenantId, dialect: dialect.kind, method, path: `/${segments.join('/')}` };
    const credentials = tenant.credentials;
    if (credentials !== null && !dialect.authorized(req.headers, credentials)) {
      store.log({ ...logged, outcome: 'unauthorized', status: 401 });
      return send(res, 401, { Message: 'Authentication failed.' });
    }
    if (dialect.kind === 'hawksoft' && tenant.optedOut) {
      store.log({ ...logged, outcome: 'opted-out', status: 403 });
      return send(res, 403, { Message: 'The agency has not granted access to this partner.' });
    }
    const wait = takeToken(tenant);
    if (wait > 0) {
      store.log({ ...logged, outcome: 'rate-limited', status: 429 });
      return send(res, 429, { Message: 'Rate limit exceeded.' }, { 'retry-after': String(wait) });
    }
    // The whole request is read first, as a server does before it works on it: a client that goes
    // away after sending it does not stop the work (and never hears the answer).
    let body: Record<string, unknown>;
    try {
      body = method === 'GET' ? {} : await readBody(req);
    } catch {
      store.log({ ...logged, outcome: 'validation', status: 400 });
      return send(res, 400, { Message: 'The request body is not JSON.' });
    }
    const faults = { ...store.defaultFaults, ...tenant.faults };
    const fault = drawFault(faults, tenant.script, dialect.isWrite(method));
    if (fault === 'refused') {
      store.log({ ...logged, outcome: 'refused', status: null });
      req.socket.destroy();
      return;
    }
    if (fault === 'timeout') {
      store.log({ ...logged, outcome: 'timeout', status: null });
      await sleep(faults.timeoutHoldMs ?? 30_000);
      req.socket.destroy();
      return;
    }
    if (faults.latencyMs || faults.latencyJitterMs) await sleep((faults.latencyMs ?? 0) + Math.random() * (faults.latencyJitterMs ?? 0));
    if (fault === 'server-error') {
      store.log({ ...logged, outcome: 'server-error', status: 503 });
      return send(res, 503, { Message: 'Service Unavailable' });
    }
    if (fault === 'too-many-requests') {
      store.log({ ...logged, outcome: 'too-many-requests', status: 429 });
      return send(res, 429, { Message: 'Too many requests.' }, { 'retry-after': String(faults.retryAfterSeconds ?? 1) });
    }
    const answer = dialect.handle({ method, segments, query, body, tenant, store });
    const outcome =
      fault === 'commit-then-drop' ? 'commit-then-drop' : answer.status === 400 ? 'validation' : answer.status === 404 ? 'not-found' : answer.status === 409 ? 'conflict' : answer.status === 405 ? 'refused-write' : 'ok';
    store.log({ ...logged, outcome, status: fault === 'commit-then-drop' ? null : answer.status, recordId: answer.recordId, ref: answer.ref });
    if (fault === 'commit-then-drop') {
      // Applied above; the answer is lost on the way back.
      req.socket.destroy();
      return;
    }
    send(res, answer.status, answer.body);
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const [first, second, ...rest] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const work =
      first === 'admin'
        ? admin(req, res, [second, ...rest].filter((s): s is string => s !== undefined), url.searchParams)
        : first && second && (amsKinds as readonly string[]).includes(first)
          ? api(req, res, dialects[first as AmsKind], second, rest, url.searchParams)
          : Promise.resolve(send(res, 404, { Message: 'Not found: use /<ams360|qqcatalyst|nowcerts|hawksoft>/<tenant>/... or /admin/...' }));
    work.catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { Message: error instanceof Error ? error.message : 'Internal error' });
    });
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer(handler);
      server.keepAliveTimeout = 5_000;
      server.once('error', reject);
      server.listen(port, host, () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  const url = `http://${host}:${port}`;
  return {
    url,
    port,
    store,
    baseUrl: (kind, tenant) => `${url}/${kind}/${encodeURIComponent(tenant)}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import http from 'node:http';
import * as fc from 'fast-check';
import { resolveRefs, type Pools } from './pools';

/** Text put into the URL as it is, not percent-encoded: malformed escapes, dot segments. */
export class Raw {
  constructor(readonly text: string) {}
}

export type FuzzPayload =
  | { kind: 'json'; value: unknown }
  /**
   * Bytes sent as they are; no content-type header unless one is given. A function builds them
   * when the request is sent, from the ids current then (without pools: with ids as labels).
   */
  | { kind: 'bytes'; bytes: Buffer | string | ((pools?: Pools) => Buffer | string); contentType?: string; contentEncoding?: string };

/** A request the suite sends: the operation's template and what fills it. */
export interface FuzzRequest {
  method: string;
  path: string;
  pathParams: Record<string, unknown>;
  /** In order, repeats allowed (`?status=a&status=b`). */
  query: Array<[string, unknown]>;
  headers: Record<string, string>;
  body?: FuzzPayload;
  /** `conforming`, or which mutation made it. */
  variant: string;
  /** Sent as a tenant never seen before (where lazily made defaults would be written). */
  asNewTenant?: boolean;
}

export interface FuzzAnswer {
  status: number;
  contentType: string;
  text: string;
}

const encode = (value: unknown) => (value instanceof Raw ? value.text : encodeURIComponent(String(value)));

export function urlOf(request: FuzzRequest, pools?: Pools): string {
  const path = request.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(resolveRefs(request.pathParams[name], pools)));
  const query = request.query.map(([key, value]) => `${encode(key)}=${encode(resolveRefs(value, pools))}`).join('&');
  return query ? `${path}?${query}` : path;
}

function payloadOf(request: FuzzRequest, pools?: Pools): { bytes?: Buffer; headers: Record<string, string> } {
  const body = request.body;
  if (!body) return { headers: {} };
  if (body.kind === 'json') {
    return { bytes: Buffer.from(JSON.stringify(resolveRefs(body.value, pools)) ?? 'null'), headers: { 'content-type': 'application/json' } };
  }
  const bytes = typeof body.bytes === 'function' ? body.bytes(pools) : body.bytes;
  return {
    bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes),
    headers: {
      ...(body.contentType === undefined ? {} : { 'content-type': body.contentType }),
      ...(body.contentEncoding === undefined ? {} : { 'content-encoding': body.contentEncoding }),
    },
  };
}

const truncate = (text: string, max = 400) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

/** One line a person can read: method, URL, variant, headers and the start of the body (ids as pool labels without pools). */
export function describeRequest(request: FuzzRequest, pools?: Pools): string {
  const { bytes, headers } = payloadOf(request, pools);
  const allHeaders = { ...headers, ...request.headers };
  const body = bytes ? ` body ${truncate(JSON.stringify(bytes.subarray(0, 2000).toString('utf8')))} (${bytes.length} bytes)` : '';
  return `${request.method} ${truncate(urlOf(request, pools))} [${request.variant}] headers ${truncate(JSON.stringify(allHeaders))}${body}`;
}

/** Lets fast-check print a counterexample as that line instead of dumping megabytes of body. */
export function printable(request: FuzzRequest): FuzzRequest {
  return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) });
}

// Keep-alive: thousands of small requests should not each pay a TCP handshake.
const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
export const closeConnections = () => agent.destroy();

/**
 * Sends the request over HTTP exactly as built (node:http, so malformed percent-encoding,
 * odd content types and bodies that are not JSON reach the server untouched). The token goes
 * in unless the request carries its own authorization header.
 */
export function send(baseUrl: string, token: string, request: FuzzRequest, pools: Pools, timeoutMs = 30_000): Promise<FuzzAnswer> {
  const { bytes, headers } = payloadOf(request, pools);
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: urlOf(request, pools),
        headers: {
          authorization: `Bearer ${token}`,
          ...headers,
          ...request.headers,
          ...(bytes ? { 'content-length': String(bytes.length) } : {}),
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, contentType: String(incoming.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    // A server that answers early (413, 415) and closes while the body is still being written
    // has answered; an error before any answer is a failure of the request.
    outgoing.on('error', reject);
    outgoing.end(bytes);
  });
}

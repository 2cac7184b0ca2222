/**
 * A small HTTP client for the services' public APIs: a bearer token per tenant, at most
 * `maxInFlight` requests at a time across the whole run, retries of network errors and 5xx
 * answers (never of 4xx: those are answers), and RFC 9457 problem bodies turned into errors that
 * say which request failed and why.
 */

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  /** Idempotent-Replayed: true, i.e. an earlier request with this Idempotency-Key did the work. */
  replayed: boolean;
}

export class HttpError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${url} answered ${status}: ${describeBody(body)}`);
  }

  /** The problem type's last segment, e.g. "unknown-account". */
  get problemType(): string | undefined {
    const type = (this.body as { type?: unknown } | null)?.type;
    return typeof type === 'string' ? type.split('/').pop() : undefined;
  }
}

function describeBody(body: unknown): string {
  if (body && typeof body === 'object') {
    const { title, detail, errors } = body as { title?: string; detail?: string; errors?: unknown };
    const parts = [title, detail, errors ? JSON.stringify(errors) : undefined].filter(Boolean);
    if (parts.length) return parts.join(' - ');
  }
  return typeof body === 'string' ? body.slice(0, 300) : JSON.stringify(body)?.slice(0, 300) ?? '';
}

/** Counts requests in flight and queues the rest. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RequestOptions {
  body?: unknown;
  /** A raw body (e.g. a stream of CSV) with its content type; not retried. */
  raw?: { body: ReadableStream<Uint8Array>; contentType: string };
  idempotencyKey?: string;
  /** Statuses that are answers, not failures (e.g. 409 for "exists"). 2xx always are. */
  accept?: number[];
}

export class ServiceClient {
  requests = 0;
  constructor(
    readonly name: string,
    readonly baseUrl: string,
    private readonly token: string,
    private readonly limiter: Limiter,
  ) {}

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
    const url = `${this.baseUrl}${path}`;
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.raw) headers['content-type'] = options.raw.contentType;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    // Only requests that cannot do the work twice are retried: reads, and writes with an Idempotency-Key.
    const attempts = !options.raw && (method === 'GET' || options.idempotencyKey) ? 5 : 1;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await this.limiter.run(() => {
          this.requests += 1;
          const init: RequestInit & { duplex?: 'half' } = {
            method,
            headers,
            body: options.raw ? options.raw.body : options.body === undefined ? undefined : JSON.stringify(options.body),
            signal: AbortSignal.timeout(options.raw ? 600_000 : 30_000),
          };
          if (options.raw) init.duplex = 'half'; // a streamed request body
          return fetch(url, init);
        });
      } catch (error) {
        if (attempt < attempts) {
          await sleep(250 * 2 ** attempt);
          continue;
        }
        throw new Error(`${method} ${url} failed: ${networkReason(error)}. Is the ${this.name} service still running (npm start)?`);
      }
      const text = await res.text();
      let body: unknown = text;
      if ((res.headers.get('content-type') ?? '').includes('json') && text) {
        try {
          body = JSON.parse(text);
        } catch {
          // keep the text
        }
      }
      const inProgress = res.status === 409 && text.includes('idempotency-in-progress');
      if ((res.status >= 500 || inProgress) && attempt < attempts) {
        await sleep(250 * 2 ** attempt);
        continue;
      }
      if (!res.ok && !(options.accept ?? []).includes(res.status)) throw new HttpError(method, url, res.status, body);
      return { status: res.status, body: body as T, headers: res.headers, replayed: res.headers.get('idempotent-replayed') === 'true' };
    }
  }

  get<T = unknown>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = unknown>(path: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>('POST', path, { ...options, body: body ?? {} });
  }
}

export function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if (error instanceof Error) return error.name === 'TimeoutError' ? 'timed out' : error.message;
  return String(error);
}

/**
 * Makes sure both services answer /readyz before anything is written; otherwise says what to do.
 */
export async function checkReady(services: Array<{ name: string; baseUrl: string }>): Promise<void> {
  const problems: string[] = [];
  await Promise.all(
    services.map(async ({ name, baseUrl }) => {
      try {
        const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(5000) });
        if (!res.ok) problems.push(`the ${name} service at ${baseUrl} is not ready (GET /readyz answered ${res.status}: ${(await res.text()).slice(0, 200)})`);
      } catch (error) {
        problems.push(`the ${name} service at ${baseUrl} does not answer (${networkReason(error)})`);
      }
    }),
  );
  if (problems.length) {
    throw new Error(
      `${problems.join('; ')}.\n` +
        '  Start the system in another terminal with `npm start` and wait for "agencyflow is up", then run `npm run seed` again.\n' +
        '  (Other addresses: ACCOUNT_URL=http://host:port POLICY_URL=http://host:port npm run seed)',
    );
  }
}

/** Runs `task` for every item with at most `concurrency` running at once; reports each finished one. */
export async function forEachLimited<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
  onDone?: (done: number) => void,
): Promise<void> {
  let next = 0;
  let done = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        await task(items[index]!, index);
      } catch (error) {
        failure ??= error;
        return;
      }
      done += 1;
      onDone?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure !== undefined) throw failure;
}

import type { CliConfig } from './config';

export type Service = 'account' | 'policy' | 'sales' | 'finance';

/** A problem answer (RFC 9457) or a transport failure, said in one line a person can act on. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  body?: unknown;
  /** A streamed body (a carrier file) and its content type. */
  raw?: { body: ReadableStream<Uint8Array> | Buffer; contentType: string };
  idempotencyKey?: string;
  /** Statuses answered without an error (default: 2xx). */
  accept?: number[];
}

/** HTTP to the services with the signed-in token; problem answers become CliErrors. */
export class ApiClient {
  constructor(private readonly config: CliConfig) {}

  url(service: Service, path: string): string {
    const base = { account: this.config.accountUrl, policy: this.config.policyUrl, sales: this.config.salesUrl, finance: this.config.financeUrl }[service];
    return `${base.replace(/\/$/, '')}${path}`;
  }

  async response(service: Service, method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    if (!this.config.token) throw new CliError('Not signed in: run `agencyflow login --token <token>` (or set AGENCYFLOW_TOKEN).', 2);
    const headers: Record<string, string> = { authorization: `Bearer ${this.config.token}`, accept: 'application/json, text/csv' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.raw) headers['content-type'] = options.raw.contentType;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const init: RequestInit & { duplex?: 'half' } = {
      method,
      headers,
      ...(options.raw ? { body: options.raw.body, duplex: 'half' } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    };
    let res: Response;
    try {
      res = await fetch(this.url(service, path), init);
    } catch (error) {
      throw new CliError(`Cannot reach the ${service} service at ${this.url(service, '')}: ${String((error as Error).cause ?? error)}. Is \`npm start\` running?`);
    }
    const accepted = options.accept ? options.accept.includes(res.status) : res.ok;
    if (!accepted) throw new CliError(await problemText(res));
    return res;
  }

  async json<T>(service: Service, method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return (await (await this.response(service, method, path, options)).json()) as T;
  }
}

async function problemText(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const problem = JSON.parse(text) as { title?: string; detail?: string; errors?: Array<{ path?: string; message?: string }> };
    const errors = (problem.errors ?? []).map((e) => `${e.path ?? ''}: ${e.message ?? ''}`).join('; ');
    return `${res.status} ${problem.title ?? res.statusText}${problem.detail ? `: ${problem.detail}` : ''}${errors ? ` (${errors})` : ''}`;
  } catch {
    return `${res.status} ${res.statusText}`;
  }
}

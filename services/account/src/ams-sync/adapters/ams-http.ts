import { AmsCallError } from './ams-errors';

export interface AmsHttpOptions {
  baseUrl: string;
  /** The dialect's authentication headers. */
  headers: Record<string, string>;
  /** Query parameters on every request (HawkSoft's version=3.0). */
  query?: Record<string, string>;
  /** Waits for the tenant's next call slot (the per-tenant rate limit) before each call. */
  beforeCall: () => Promise<void>;
  timeoutMs: number;
}

export interface AmsAnswer {
  status: number;
  body: Record<string, unknown> & { Message?: string };
}

/** Statuses a dialect reads itself (e.g. QQCatalyst's 409 naming the contact it already has). */
const HANDLED = new Set([200, 201, 204, 404, 409]);

/**
 * One JSON call to an AMS, its failures sorted for AMS-4. Nothing of the request (fields,
 * credentials) goes into an error: only the AMS's own message and the status.
 */
export function amsHttp(options: AmsHttpOptions) {
  return async function call(method: string, path: string, body?: unknown, params: Record<string, string> = {}): Promise<AmsAnswer> {
    const url = new URL(`${options.baseUrl.replace(/\/$/, '')}/${path}`);
    for (const [key, value] of Object.entries({ ...options.query, ...params })) url.searchParams.set(key, value);
    await options.beforeCall();
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const code = (error as { cause?: { code?: string } }).cause?.code;
      throw new AmsCallError('transient', timedOut ? `The AMS did not answer within ${options.timeoutMs} ms.` : `The AMS could not be reached (${code ?? 'connection closed'}).`);
    }
    const text = await response.text().catch(() => '');
    let parsed: AmsAnswer['body'] = {};
    try {
      parsed = text ? (JSON.parse(text) as AmsAnswer['body']) : {};
    } catch {
      parsed = {};
    }
    const said = typeof parsed.Message === 'string' ? parsed.Message : undefined;
    const saying = said ? `: ${said.replace(/\.$/, '')}` : '';
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new AmsCallError('transient', said ?? 'The AMS asked to slow down (429).', Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
    }
    if (response.status >= 500) throw new AmsCallError('transient', `The AMS failed (${response.status})${saying}.`);
    if (response.status === 401) throw new AmsCallError('permanent', 'The AMS refused the credentials (401).');
    if (response.status === 403) throw new AmsCallError('permanent', `The AMS refused access (403)${saying}.`);
    if (response.status === 400 || response.status === 422) throw new AmsCallError('validation', said ?? `The AMS refused the record (${response.status}).`);
    if (!HANDLED.has(response.status)) throw new AmsCallError('permanent', said ?? `The AMS answered ${response.status}.`);
    return { status: response.status, body: Array.isArray(parsed) ? ({ items: parsed } as AmsAnswer['body']) : parsed };
  };
}

export type AmsCall = ReturnType<typeof amsHttp>;

/** A 404 where the record must exist: the link is stale (the AMS lost the record). Not retried. */
export function expectFound(answer: AmsAnswer, what: string): AmsAnswer {
  if (answer.status === 404) throw new AmsCallError('permanent', answer.body.Message ?? `${what} was not found in the AMS.`);
  return answer;
}

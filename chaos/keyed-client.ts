/**
 * How a well-behaved client sends a request that creates something: with an Idempotency-Key,
 * and, when the answer does not come (the service died, the connection dropped, 5xx) or the key
 * is still held by the lost attempt (409 idempotency-in-progress), the same request again with
 * the same key until it gets an answer. The answer is the created thing's id: from the 201, from
 * a replay of it, or from 409 idempotent-request-applied (done, but the first answer was lost).
 */
export interface KeyedAnswer {
  id: string;
  /** How the id came back. */
  via: 'created' | 'replayed' | 'applied';
  /** Attempts after the first. */
  retries: number;
}

export interface KeyedRequest {
  url: string;
  body: unknown;
  key: string;
  headers: Record<string, string>;
  /** Answers that mean "not yet, try again later" besides the outages (e.g. 422 unknown-account while an event is in flight). */
  retryWhen?: (status: number, problem: { type?: string }) => boolean;
  timeoutMs?: number;
}

export async function sendKeyed({ url, body, key, headers, retryWhen = () => false, timeoutMs = 5 * 60_000 }: KeyedRequest): Promise<KeyedAnswer> {
  const deadline = Date.now() + timeoutMs;
  for (let retries = 0; ; retries++) {
    let waitMs = Math.min(2000, 100 * 2 ** Math.min(retries, 5));
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const answer = (await res.json().catch(() => ({}))) as { id?: string; type?: string; aggregateId?: string };
      if (res.status === 201 || res.status === 200) {
        return { id: answer.id!, via: res.headers.get('idempotent-replayed') === 'true' ? 'replayed' : 'created', retries };
      }
      if (res.status === 409 && answer.type?.endsWith('idempotent-request-applied')) return { id: answer.aggregateId!, via: 'applied', retries };
      const held = res.status === 409 && answer.type?.endsWith('idempotency-in-progress');
      if (held) waitMs = Number(res.headers.get('retry-after') ?? 1) * 1000;
      if (!held && res.status < 500 && !retryWhen(res.status, answer)) {
        throw new RefusedRequest(`${url} refused (${res.status}): ${JSON.stringify(answer)}`);
      }
    } catch (error) {
      if (error instanceof RefusedRequest) throw error;
      // No answer: the process died or the connection dropped. Same key again.
    }
    if (Date.now() > deadline) throw new Error(`${url} with key ${key} got no answer in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

class RefusedRequest extends Error {}

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function inParallel<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!, i);
    }),
  );
  return results;
}

/**
 * A change (PATCH) sent until it is answered: a lost answer is sent again as is. Setting the same
 * values twice changes nothing the second time, so a retry adds no second event.
 */
export async function sendChange(url: string, body: unknown, headers: Record<string, string>, timeoutMs = 5 * 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (let retries = 0; ; retries++) {
    try {
      const res = await fetch(url, { method: 'PATCH', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
      if (res.ok) return retries;
      if (res.status < 500) throw new RefusedRequest(`${url} refused (${res.status}): ${await res.text()}`);
    } catch (error) {
      if (error instanceof RefusedRequest) throw error;
    }
    if (Date.now() > deadline) throw new Error(`${url} got no answer in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** Math.min(retries, 5))));
  }
}

import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { runAsIdempotentRequest } from '@agencyflow/db';
import { principalOf } from './auth';
import { problems } from './problem';

export type IdempotencyClaim =
  | { state: 'new' }
  | { state: 'replay'; statusCode: number; body: unknown; headers: Record<string, string> }
  | { state: 'applied'; aggregateId: string | null }
  | { state: 'in-progress' }
  | { state: 'mismatch' };

/** Remembers the answer to each (tenant, key). Implemented over each service's own database. */
export interface IdempotencyStore {
  /** How long a claim holds unless renewed; the middleware renews it every third of this while the request runs. */
  readonly leaseMs: number;
  claim(tenantId: string, key: string, requestHash: string): Promise<IdempotencyClaim>;
  complete(tenantId: string, key: string, statusCode: number, body: unknown, headers?: Record<string, string>): Promise<void>;
  release(tenantId: string, key: string): Promise<void>;
  renew(tenantId: string, key: string): Promise<void>;
}

/** The headers of an answer that a replay gives again (where the thing is, and its version). */
const replayedHeaders = ['location', 'etag', 'content-location'];

const headersOf = (res: Response): Record<string, string> =>
  Object.fromEntries(replayedHeaders.flatMap((name) => (res.getHeader(name) === undefined ? [] : [[name, String(res.getHeader(name))]])));

/** Storing an answer is retried a few times: a lost answer turns a retry into a 409, not into a second run. */
async function withRetries(attempt: () => Promise<void>, tries = 3): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** i));
    }
  }
}

const keyFormat = /^[A-Za-z0-9:_.-]{1,200}$/;

/**
 * `Idempotency-Key` support for requests that start work: the first request with a key
 * runs and its answer is stored; a repeat with the same key and body gets the stored answer
 * (header `Idempotent-Replayed: true`, with the first answer's Location and ETag); the same key with
 * another body is refused (422). Refusals (4xx) and failures (5xx) are not remembered, so a
 * corrected retry may reuse the key, unless the request's effect was committed: its transaction
 * records the key (the outbox writer does, see runAsIdempotentRequest), so a retry after an answer
 * that was lost (a crash between commit and answer) gets 409 `idempotent-request-applied` naming
 * what it changed, never a second run. A claim whose process died before any effect is taken over
 * by a retry once its lease has run out: the lease is short (30 s) and renewed while the request
 * runs, so a crash blocks the key for seconds, not minutes.
 */
export function idempotency(store: IdempotencyStore): RequestHandler {
  return async (req, res, next) => {
    const key = req.header('idempotency-key');
    if (key === undefined) return next();
    if (!keyFormat.test(key)) {
      return next(problems.validation([{ path: 'header.Idempotency-Key', message: 'expected 1-200 of [A-Za-z0-9:_.-]' }]));
    }
    const { tenantId } = principalOf(req);
    const hash = createHash('sha256')
      .update(`${req.method} ${req.baseUrl}${req.path}\n${JSON.stringify(req.body ?? null)}`)
      .digest('hex');
    const claim = await store.claim(tenantId, key, hash);
    switch (claim.state) {
      case 'replay':
        res.setHeader('idempotent-replayed', 'true');
        for (const [name, value] of Object.entries(claim.headers)) res.setHeader(name, value);
        res.status(claim.statusCode).json(claim.body);
        return;
      case 'applied':
        return next(
          problems.conflict(
            'idempotent-request-applied',
            'Request already applied',
            'A request with this Idempotency-Key was applied, but its answer was lost; it is not applied again. Read the resource to see the result.',
            { aggregateId: claim.aggregateId },
          ),
        );
      case 'in-progress':
        res.setHeader('retry-after', String(Math.ceil(store.leaseMs / 1000)));
        return next(problems.conflict('idempotency-in-progress', 'Request in progress', 'A request with this Idempotency-Key is still being processed.'));
      case 'mismatch':
        return next(problems.unprocessable('idempotency-key-reused', 'Idempotency-Key reused', 'This Idempotency-Key was used with a different request.'));
      case 'new':
        break;
    }
    // Renewed while the request runs; a dead process stops renewing and the key frees itself.
    const renewal = setInterval(() => void store.renew(tenantId, key).catch(() => {}), Math.max(1000, store.leaseMs / 3));
    renewal.unref();
    res.once('close', () => clearInterval(renewal));
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      clearInterval(renewal);
      // Only successes are remembered. A refused request wrote nothing, so the client may
      // fix what was wrong, or wait for what was missing, and retry with the same key.
      const settle =
        res.statusCode >= 300
          ? store.release(tenantId, key)
          : withRetries(() => store.complete(tenantId, key, res.statusCode, body, headersOf(res)));
      settle.then(() => json(body), (error: unknown) => next(error));
      return res;
    };
    runAsIdempotentRequest({ tenantId, key }, () => next());
  };
}

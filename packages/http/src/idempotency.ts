import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { principalOf } from './auth';
import { problems } from './problem';

export type IdempotencyClaim =
  | { state: 'new' }
  | { state: 'replay'; statusCode: number; body: unknown }
  | { state: 'in-progress' }
  | { state: 'mismatch' };

/** Remembers the answer to each (tenant, key). Implemented over each service's own database. */
export interface IdempotencyStore {
  claim(tenantId: string, key: string, requestHash: string): Promise<IdempotencyClaim>;
  complete(tenantId: string, key: string, statusCode: number, body: unknown): Promise<void>;
  release(tenantId: string, key: string): Promise<void>;
}

const keyFormat = /^[A-Za-z0-9:_.-]{1,200}$/;

/**
 * `Idempotency-Key` support for requests that start work: the first request with a key
 * runs and its answer is stored; a repeat with the same key and body gets the stored answer
 * (header `Idempotent-Replayed: true`); the same key with another body is refused (422). Refusals
 * (4xx) and failures (5xx) are not remembered, so a corrected retry may reuse the key.
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
        res.status(claim.statusCode).json(claim.body);
        return;
      case 'in-progress':
        return next(problems.conflict('idempotency-in-progress', 'Request in progress', 'A request with this Idempotency-Key is still being processed.'));
      case 'mismatch':
        return next(problems.unprocessable('idempotency-key-reused', 'Idempotency-Key reused', 'This Idempotency-Key was used with a different request.'));
      case 'new':
        break;
    }
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      // Only successes are remembered. A refused request wrote nothing, so the client may
      // fix what was wrong, or wait for what was missing, and retry with the same key.
      const settle = res.statusCode >= 300 ? store.release(tenantId, key) : store.complete(tenantId, key, res.statusCode, body);
      settle.then(() => json(body), (error: unknown) => next(error));
      return res;
    };
    next();
  };
}

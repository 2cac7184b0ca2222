import { AsyncLocalStorage } from 'node:async_hooks';

/** The Idempotency-Key of the request being served, if it has one (set by the HTTP middleware). */
export interface IdempotentRequest {
  tenantId: string;
  key: string;
}

const scope = new AsyncLocalStorage<IdempotentRequest>();

/** Runs `body` as the work of an idempotent request: its effect's transaction records the key. */
export const runAsIdempotentRequest = <T>(request: IdempotentRequest, body: () => T): T => scope.run(request, body);

export const currentIdempotentRequest = (): IdempotentRequest | undefined => scope.getStore();

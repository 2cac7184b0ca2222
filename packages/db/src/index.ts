export * from './client';
export * from './schema';
export * from './outbox-writer';
export * from './retention';
export * from './migrations';
export * from './admin';
export * from './idempotency-store';
export * from './rule-case';

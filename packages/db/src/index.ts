export * from './client';
export * from './schema';
export * from './outbox-writer';
export * from './migrations';
export * from './admin';
export * from './idempotency-store';

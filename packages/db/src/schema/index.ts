/** Tables every service database has; each service's drizzle schema re-exports these. */
export * from './outbox';
export * from './inbox';
export * from './idempotency';

export * from './client';
export * from './topic-admin';
export * from './outbox-relay';
export * from './event-consumer';
export * from './typed-handlers';

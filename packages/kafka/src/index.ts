export * from './client';
export * from './topic-admin';
export * from './outbox-relay';
export * from './event-consumer';
export * from './inbox-trimmer';
export * from './typed-handlers';
export * from './dead-letters';
export * from './failure-reason';

export * from './define-event';
export * from './registry';
export { accountCreatedV1 } from './account/account-created.v1';
export * from './build-event';

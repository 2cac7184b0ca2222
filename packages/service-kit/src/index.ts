export * from './service-config';
export * from './service-runtime';
export * from './run-service';
export * from './probe-activities';
export * from './security-groups';
export * from './metrics';
export * from './startup-check';

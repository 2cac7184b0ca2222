export * from './load-config';
export * from './fragments';
export * from './deployment-mode';
export * from './identity-provider';
export * from './kafka-settings';
export * from './load-kafka-settings';

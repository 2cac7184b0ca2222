export * from './load-config';
export * from './fragments';
export * from './deployment-mode';

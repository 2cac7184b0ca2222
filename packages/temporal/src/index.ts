export * from './encryption-codec';
export * from './client';
export * from './worker';
export * from './runtime';
export * from './data-converter';
export * from './tenant-binding';
export * from './connection-options';
export * from './search-attributes';

export * from './ids';
export * from './environment';
export * from './test-database';
export * from './tokens';
export * from './kafka';
export * from './eventually';
export * from './service-harness';
export * from './table-writers';

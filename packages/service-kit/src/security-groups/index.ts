export * from './permission-resolver';
export * from './group-directory';

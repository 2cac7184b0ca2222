export * from './create-logger';
export * from './redact';
export * from './failure-reason';

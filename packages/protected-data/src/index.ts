export * from './key-ring';
export * from './field-cipher';
export * from './masking';

export * from './identifiers';
export * from './policy-fields';
export * from './account-fields';
export * from './finance-fields';

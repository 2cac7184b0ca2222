export * from '@agencyflow/db/schema';
export * from '@agencyflow/db/schema/security-groups';

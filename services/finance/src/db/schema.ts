export * from '@agencyflow/db/schema';

/** The house's one executor type: a drizzle database or an open transaction. */
export type { Executor } from '@agencyflow/db';

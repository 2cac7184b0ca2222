/** The house's one executor type (a drizzle database or transaction), by the name this service's code uses. */
export type { Executor as Tx } from '@agencyflow/db';

import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { activateBusiness as activate } from '../db/business-store';

/** The business is usable: its users may sign in. Idempotent: an active business is 'unchanged'. */
export async function activateBusiness(database: Database, businessId: string): Promise<Outcome<'updated' | 'unchanged'>> {
  return database.db.transaction(async (tx) => ((await activate(tx, businessId)) ? { outcome: 'updated' } : { outcome: 'unchanged' }));
}

import type { CreateBusinessInput, Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { insertBusiness } from '../db/business-store';
import { isUniqueViolation } from '../db/postgres-errors';

/**
 * PS-3: the business and all its users in one transaction, so nothing is half-created. Safe to
 * retry: a business that exists already (same id) is left as it is ('unchanged'). An email
 * another Agent CRM user has is a 'conflict': nothing is created.
 */
export async function createBusiness(database: Database, input: CreateBusinessInput): Promise<Outcome<'created' | 'unchanged'> | Outcome<'conflict', { reason: string }>> {
  try {
    return await database.db.transaction(async (tx) => ((await insertBusiness(tx, input)) ? { outcome: 'created' } : { outcome: 'unchanged' }));
  } catch (error) {
    if (isUniqueViolation(error)) return { outcome: 'conflict', reason: 'An email of these users already belongs to an Agent CRM user' };
    throw error;
  }
}

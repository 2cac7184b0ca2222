import { ApplicationFailure } from '@temporalio/common';
import { failureTypes, type CreateBusinessInput } from '@agencyflow/contracts';
import { writeOutbox, type Database } from '@agencyflow/db';
import { agentCrmBusinesses, agentCrmUsers } from '../db/schema';
import { businessChanged } from './business-events';

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505' || (error as { cause?: { code?: string } })?.cause?.code === '23505';

/**
 * PS-3: the business and all its users in one transaction, so nothing is half-created. Safe to
 * retry: a business that exists already (same id) is left as it is. An email another Agent CRM
 * user has is a business failure, not retried.
 */
export async function createBusiness(database: Database, input: CreateBusinessInput): Promise<{ created: boolean }> {
  try {
    return await database.db.transaction(async (tx) => {
      const [business] = await tx
        .insert(agentCrmBusinesses)
        .values({
          id: input.businessId,
          fmoTenantId: input.fmoTenantId,
          name: input.name,
          kind: input.kind,
          policySyncEnabled: input.policySyncEnabled,
          createdBy: input.requestedBy,
        })
        .onConflictDoNothing()
        .returning();
      if (!business) return { created: false };
      await tx.insert(agentCrmUsers).values(input.users.map((u) => ({ ...u, businessId: business.id })));
      await writeOutbox(tx, [businessChanged(business, input.users.map((u) => u.npn), 'created', input.requestedBy)]);
      return { created: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw ApplicationFailure.create({
        type: failureTypes.agentCrmEmailTaken,
        message: 'An email of these users already belongs to an Agent CRM user',
        nonRetryable: true,
      });
    }
    throw error;
  }
}

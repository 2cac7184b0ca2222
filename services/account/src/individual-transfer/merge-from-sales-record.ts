import { protectedMergeableFields, type IndividualMerge, type IndividualMergeResult } from '@agencyflow/contracts';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import { changeContact, lockAccount, type ContactColumns } from '../db/account-store';
import { customFieldDefinitions } from '../db/schema';
import { birthYearOf } from '../domain/birth-dates';
import { salesRecordCarriedTypes } from '../domain/custom-fields';
import { planSalesRecordMerge } from '../domain/sales-record-merge';
import { findContact } from '../contacts/contact-queries';

export type MergeOutcome = { outcome: 'merged'; result: IndividualMergeResult } | { outcome: 'not-found' } | { outcome: 'not-ciphertext'; field: string };

/**
 * SR-7: merges a converted sales record's values into its individual by the rule of
 * domain/sales-record-merge.ts, as one change of the contact (contact-updated names the merged
 * fields). Protected values are ciphertext and are stored as they are; one that this service
 * cannot read is refused (it would be plaintext or another key's). The birth year follows the
 * date of birth (decision 0025). Never deletes anything.
 */
export function mergeFromSalesRecord(database: Database, cipher: FieldCipher, tenantId: string, merge: IndividualMerge): Promise<MergeOutcome> {
  return database.db.transaction(async (tx) => {
    const found = await findContact(tx, tenantId, merge.individualId);
    if (!found) return { outcome: 'not-found' as const };
    await lockAccount(tx, tenantId, found.accountId);
    const current = (await findContact(tx, tenantId, merge.individualId))!;
    const carried = await tx
      .select({ key: customFieldDefinitions.key })
      .from(customFieldDefinitions)
      .where(and(eq(customFieldDefinitions.tenantId, tenantId), inArray(customFieldDefinitions.type, [...salesRecordCarriedTypes])));
    const plan = planSalesRecordMerge(merge, { customFields: current.customFields, carriedKeys: new Set(carried.map((c) => c.key)) });
    const columns: ContactColumns = {};
    for (const field of plan.merged) {
      const value = plan.values[field];
      if (protectedMergeableFields.includes(field) && cipher.decryptIfReadable(value as string) === undefined) return { outcome: 'not-ciphertext' as const, field };
      (columns as Record<string, unknown>)[field] = value;
    }
    if ('dateOfBirth' in columns) columns.birthYear = birthYearOf(cipher.decryptIfReadable(columns.dateOfBirth));
    if (plan.merged.length > 0) await changeContact(tx, current, { columns, changedFields: plan.merged, actor: merge.mergedBy });
    return { outcome: 'merged' as const, result: { individualId: current.id, merged: plan.merged } };
  });
}

import type { Executor } from '@agencyflow/db';
import { insertAddressReview, type AddressReviewRow, type CustomerRow, type FinanceSettings } from '../db/finance-store';
import type { FieldCipher } from '../field-cipher';
import type { CheckedChange, CustomerFields } from '../customers/customer-change';

/**
 * FIN-2 under review (decision 0032): a checked address change on financed programs, with its
 * document, stored as a pending review instead of applied. Only the changing fields are kept, the
 * tax id sealed; the reminder and expiry times come from the tenant's settings now.
 */
export async function requestAddressReview(
  tx: Executor,
  cipher: FieldCipher,
  current: CustomerRow,
  command: { fields: CustomerFields; change: CheckedChange; documentId: string; settings: FinanceSettings; daySeconds: number; actor: string },
): Promise<AddressReviewRow> {
  const values = command.fields as Record<string, unknown>;
  const changes = Object.fromEntries(command.change.changed.map((f) => [f, f === 'taxId' ? cipher.encryptOptional(command.fields.taxId ?? null) : values[f]]));
  const review = await insertAddressReview(
    tx,
    current,
    {
      documentId: command.documentId,
      changes,
      changedFields: command.change.changed,
      financedProgramCount: command.change.financed.length,
      remindAfterSeconds: command.settings.reviewReminderAfterDays * command.daySeconds,
      expireAfterSeconds: command.settings.reviewExpireAfterDays * command.daySeconds,
    },
    command.actor,
  );
  // The caller holds the customer's lock and found no pending review: the insert cannot conflict.
  if (!review) throw new Error('address review: the customer has a pending review');
  return review;
}

/** The requested fields in clear again, for the approval to apply (the tax id unsealed). */
export function requestedFields(cipher: FieldCipher, review: AddressReviewRow): CustomerFields {
  const changes = { ...review.changes } as Record<string, unknown>;
  if ('taxId' in changes) changes.taxId = cipher.decryptOptional(changes.taxId as string | null);
  return changes as CustomerFields;
}

import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { lockCustomer, pendingReviewOfCustomer, readFinanceSettings, type AddressReviewRow, type CustomerRow } from '../db/finance-store';
import { changesAddress, type ProgramRef } from '../domain/party-rules';
import type { FieldCipher } from '../field-cipher';
import { requestAddressReview } from '../address-reviews/request-address-review';
import { applyCheckedCustomerChange, checkCustomerChange, fieldsChanging, type CustomerFields, type Verification } from './customer-change';

export { NAMED_PROGRAMS_LIMIT } from './customer-change';

export interface CustomerUpdateInput extends CustomerFields {
  verification?: Verification;
}

export type UpdateCustomerResult =
  | Outcome<'updated', { customer: CustomerRow; programCount: number; invoiceCount: number; changedFields: string[] }>
  | Outcome<'unchanged', { customer: CustomerRow }>
  | Outcome<'not-found'>
  | Outcome<'verification-required', { financedPrograms: ProgramRef[]; financedProgramCount: number }>
  | Outcome<'invalid-verification', { reason: string }>
  | Outcome<'review-requested', { review: AddressReviewRow }>
  | Outcome<'review-pending', { review: AddressReviewRow }>;

/**
 * FIN-2 a customer's details change for every program and invoice connected to it, in one
 * transaction, set-based. An address change while any connected program is financed needs a
 * verification document of this customer, not used before, with the operator's attestation that it
 * names the insured and shows the new address; without it nothing changes. When the tenant wants
 * such changes reviewed (decision 0032) it waits as a pending review instead of applying, and no
 * other address change of the customer is taken until that one is decided.
 */
export async function updateCustomer(
  database: Database,
  cipher: FieldCipher,
  command: { tenantId: string; customerId: string; actor: string; input: CustomerUpdateInput; reviewDaySeconds: number },
): Promise<UpdateCustomerResult> {
  const { verification, ...fields } = command.input;
  return database.db.transaction(async (tx) => {
    const current = await lockCustomer(tx, command.tenantId, command.customerId);
    if (!current) return { outcome: 'not-found' };
    const changed = fieldsChanging(cipher, current, fields);
    if (changed.length === 0) return { outcome: 'unchanged', customer: current };
    if (changesAddress(changed)) {
      const pending = await pendingReviewOfCustomer(tx, command.tenantId, current.id);
      if (pending) return { outcome: 'review-pending', review: pending };
    }

    const check = await checkCustomerChange(tx, current, changed, verification);
    if (check.outcome !== 'ready') return check;
    if (check.change.financed.length > 0) {
      const settings = await readFinanceSettings(tx, command.tenantId, true);
      if (settings.addressReviewRequired) {
        const review = await requestAddressReview(tx, cipher, current, { fields, change: check.change, documentId: verification!.documentId, settings, daySeconds: command.reviewDaySeconds, actor: command.actor });
        return { outcome: 'review-requested', review };
      }
    }
    const result = await applyCheckedCustomerChange(tx, cipher, current, { fields, change: check.change, verification, actor: command.actor });
    return { outcome: 'updated', ...result, changedFields: changed };
  });
}

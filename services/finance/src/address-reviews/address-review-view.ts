import { addressReviewWorkflowId } from '@agencyflow/contracts';
import type { AddressReviewRow } from '../db/finance-store';
import { maskTaxId, type FieldCipher } from '../field-cipher';

/** A review as answered: the requested values (a tax id masked, X-4), where it stands, and its workflow's id. */
export const toAddressReviewView = (row: AddressReviewRow, cipher: FieldCipher) => {
  const changes = { ...row.changes };
  if ('taxId' in changes) changes.taxId = maskTaxId(cipher.decryptOptional(changes.taxId as string | null));
  return {
    id: row.id,
    customerId: row.customerId,
    documentId: row.documentId,
    state: row.state,
    changes,
    changedFields: row.changedFields,
    requestedBy: row.requestedBy,
    requestedAt: row.requestedAt,
    remindAt: row.remindAt,
    remindedAt: row.remindedAt,
    expiresAt: row.expiresAt,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
    decisionReason: row.decisionReason,
    workflowId: addressReviewWorkflowId(row.tenantId, row.id),
  };
};

import { z } from 'zod';
import { addressReviewWorkflowId } from '@agencyflow/contracts';
import type { AddressReviewRow } from '../db/finance-store';
import { maskTaxId, type FieldCipher } from '../field-cipher';
import { addressReviewStates } from './address-review-schemas';

const at = z.iso.datetime();

export const addressReviewView = z.strictObject({
  id: z.uuid(),
  customerId: z.uuid(),
  documentId: z.uuid(),
  state: z.enum(addressReviewStates),
  changes: z.record(z.string(), z.unknown()).meta({ description: 'The requested values (a tax id masked)' }),
  changedFields: z.array(z.string()),
  requestedBy: z.string(),
  requestedAt: at,
  remindAt: at,
  remindedAt: at.nullable(),
  expiresAt: at,
  decidedBy: z.string().nullable(),
  decidedAt: at.nullable(),
  decisionReason: z.string().nullable(),
  workflowId: z.string(),
});
export type AddressReviewView = z.infer<typeof addressReviewView>;

export const addressReviewSettingsView = z.strictObject({
  addressReviewRequired: z.boolean(),
  reviewReminderAfterDays: z.number().int(),
  reviewExpireAfterDays: z.number().int(),
  updatedBy: z.string().nullable(),
  updatedAt: at.nullable(),
});

const iso = (at: Date | null) => at?.toISOString() ?? null;

/** A review as answered: the requested values (a tax id masked, X-4), where it stands, and its workflow's id. */
export const toAddressReviewView = (row: AddressReviewRow, cipher: FieldCipher): AddressReviewView => {
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
    requestedAt: row.requestedAt.toISOString(),
    remindAt: row.remindAt.toISOString(),
    remindedAt: iso(row.remindedAt),
    expiresAt: row.expiresAt.toISOString(),
    decidedBy: row.decidedBy,
    decidedAt: iso(row.decidedAt),
    decisionReason: row.decisionReason,
    workflowId: addressReviewWorkflowId(row.tenantId, row.id),
  };
};

export const addressReviewPageView = z.strictObject({ items: z.array(addressReviewView), nextBefore: z.string().nullable() });

/** A decision's answer: the review, and for an approval what the change applied to. */
export const reviewDecidedView = z.strictObject({
  review: addressReviewView,
  programCount: z.number().int().optional(),
  invoiceCount: z.number().int().optional(),
  changedFields: z.array(z.string()).optional(),
});

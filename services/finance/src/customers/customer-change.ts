import type { Outcome } from '@agencyflow/contracts';
import type { Executor } from '@agencyflow/db';
import { applyCustomerChange, lockDocument, lockProgramsOfCustomer, markDocumentUsed, type CustomerColumns, type CustomerRow, type ProgramRow } from '../db/finance-store';
import { addressFields, changedFields, programsNeedingVerification, type ProgramRef } from '../domain/party-rules';
import type { FieldCipher } from '../field-cipher';
import type { CustomerInput } from './create-customer';

/**
 * FIN-2's guard and its application, in two steps so that a direct update and an approved review
 * (decision 0032) apply a change the same way: the caller locks the customer, asks what the change
 * needs (`checkCustomerChange`), and applies it (`applyCheckedCustomerChange`) in one transaction.
 */

export type CustomerFields = Partial<CustomerInput>;
export interface Verification {
  documentId: string;
  namesInsured: true;
  showsNewAddress: true;
}

/** At most this many financed programs are named in a refusal; the count is always given. */
export const NAMED_PROGRAMS_LIMIT = 100;

/** The fields whose value the request changes, compared in clear (the tax id is stored sealed). */
export function fieldsChanging(cipher: FieldCipher, current: CustomerRow, fields: CustomerFields): string[] {
  const plainCurrent = { ...current, taxId: cipher.decryptOptional(current.taxId) };
  return changedFields<Record<string, unknown>>(plainCurrent, fields as Record<string, unknown>);
}

export interface CheckedChange {
  changed: string[];
  /** Every program of the customer, locked: none becomes financed or moves meanwhile. */
  programs: ProgramRow[];
  /** The financed ones when the change touches the address (FIN-2: then a document is needed). */
  financed: ProgramRow[];
}

export type ChangeCheck =
  | Outcome<'ready', { change: CheckedChange }>
  | Outcome<'verification-required', { financedPrograms: ProgramRef[]; financedProgramCount: number }>
  | Outcome<'invalid-verification', { reason: string }>;

/**
 * FIN-2 an address change while any connected program is financed (as the flags are now) needs a
 * verification document of this customer, not used before, with the operator's attestation.
 */
export async function checkCustomerChange(tx: Executor, current: CustomerRow, changed: string[], verification: Verification | undefined): Promise<ChangeCheck> {
  const programs = await lockProgramsOfCustomer(tx, current.tenantId, current.id);
  const financed = programsNeedingVerification(changed, programs) as ProgramRow[];
  if (financed.length > 0) {
    if (!verification) {
      return { outcome: 'verification-required', financedPrograms: financed.slice(0, NAMED_PROGRAMS_LIMIT).map(programRef), financedProgramCount: financed.length };
    }
    const document = await lockDocument(tx, current.tenantId, verification.documentId);
    if (!document || document.customerId !== current.id) return { outcome: 'invalid-verification', reason: 'The verification document is not one of this customer’s documents.' };
    if (document.usedAt) return { outcome: 'invalid-verification', reason: 'The verification document already verified another address change; upload one for this address.' };
  }
  return { outcome: 'ready', change: { changed, programs, financed } };
}

/**
 * FIN-2 applies a checked change to the customer, every program and every invoice connected to it
 * (set-based, in the caller's transaction), with its history and customer-updated; the document, if
 * the change needed one, now verifies it. `fields` are in clear; the tax id is sealed here.
 */
export async function applyCheckedCustomerChange(
  tx: Executor,
  cipher: FieldCipher,
  current: CustomerRow,
  command: { fields: CustomerFields; change: CheckedChange; verification: Verification | undefined; actor: string },
): Promise<{ customer: CustomerRow; programCount: number; invoiceCount: number }> {
  const { fields, change, verification, actor } = command;
  const values = fields as Record<string, unknown>;
  const needsDocument = change.financed.length > 0;
  if (needsDocument) {
    const address = Object.fromEntries(addressFields.map((f) => [f, values[f] ?? (current as Record<string, unknown>)[f]]));
    await markDocumentUsed(tx, current.tenantId, verification!.documentId, { address, namesInsured: true, showsNewAddress: true, attestedBy: actor });
  }
  const columns: Partial<CustomerColumns> = Object.fromEntries(change.changed.map((f) => [f, f === 'taxId' ? cipher.encryptOptional(fields.taxId ?? null) : values[f]]));
  return applyCustomerChange(tx, current, {
    columns,
    changedFields: change.changed,
    financedProgramCount: change.programs.filter((p) => p.financed).length,
    verificationDocumentId: needsDocument ? verification!.documentId : null,
    actor,
  });
}

const programRef = (p: ProgramRef): ProgramRef => ({ id: p.id, reference: p.reference, status: p.status, financed: p.financed });

import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { applyCustomerChange, lockCustomer, lockDocument, markDocumentUsed, lockProgramsOfCustomer, type CustomerColumns, type CustomerRow } from '../db/finance-store';
import { changedFields, programsNeedingVerification, addressFields, type ProgramRef } from '../domain/party-rules';
import type { FieldCipher } from '../field-cipher';
import type { CustomerInput } from './create-customer';

export interface CustomerUpdateInput extends Partial<CustomerInput> {
  verification?: { documentId: string; namesInsured: true; showsNewAddress: true };
}

/** At most this many financed programs are named in a refusal; the count is always given. */
export const NAMED_PROGRAMS_LIMIT = 100;

export type UpdateCustomerResult =
  | Outcome<'updated', { customer: CustomerRow; programCount: number; invoiceCount: number; changedFields: string[] }>
  | Outcome<'unchanged', { customer: CustomerRow }>
  | Outcome<'not-found'>
  | Outcome<'verification-required', { financedPrograms: ProgramRef[]; financedProgramCount: number }>
  | Outcome<'invalid-verification', { reason: string }>;

/**
 * FIN-2 a customer's details change for every program and invoice connected to it, in one
 * transaction, set-based. An address change while any connected program is financed needs a
 * verification document of this customer, not used before, with the operator's attestation that it
 * names the insured and shows the new address; without it nothing changes.
 */
export async function updateCustomer(
  database: Database,
  cipher: FieldCipher,
  command: { tenantId: string; customerId: string; actor: string; input: CustomerUpdateInput },
): Promise<UpdateCustomerResult> {
  const { verification, ...fields } = command.input;
  return database.db.transaction(async (tx) => {
    const current = await lockCustomer(tx, command.tenantId, command.customerId);
    if (!current) return { outcome: 'not-found' };
    const plainCurrent = { ...current, taxId: cipher.decryptOptional(current.taxId) };
    const changed = changedFields<Record<string, unknown>>(plainCurrent, fields as Record<string, unknown>);
    if (changed.length === 0) return { outcome: 'unchanged', customer: current };

    // The programs are locked: none becomes financed or moves to another customer meanwhile.
    const programs = await lockProgramsOfCustomer(tx, command.tenantId, current.id);
    const financed = programsNeedingVerification(changed, programs);
    if (financed.length > 0) {
      if (!verification) {
        return { outcome: 'verification-required', financedPrograms: financed.slice(0, NAMED_PROGRAMS_LIMIT).map(programRef), financedProgramCount: financed.length };
      }
      const document = await lockDocument(tx, command.tenantId, verification.documentId);
      if (!document || document.customerId !== current.id) return { outcome: 'invalid-verification', reason: 'The verification document is not one of this customer’s documents.' };
      if (document.usedAt) return { outcome: 'invalid-verification', reason: 'The verification document already verified another address change; upload one for this address.' };
      const address = Object.fromEntries(addressFields.map((f) => [f, (fields as Record<string, unknown>)[f] ?? (current as Record<string, unknown>)[f]]));
      await markDocumentUsed(tx, command.tenantId, document.id, { address, namesInsured: true, showsNewAddress: true, attestedBy: command.actor });
    }

    const columns: Partial<CustomerColumns> = Object.fromEntries(changed.map((f) => [f, f === 'taxId' ? cipher.encryptOptional(fields.taxId ?? null) : (fields as Record<string, unknown>)[f]]));
    const result = await applyCustomerChange(tx, current, {
      columns,
      changedFields: changed,
      financedProgramCount: programs.filter((p) => p.financed).length,
      verificationDocumentId: financed.length > 0 ? verification!.documentId : null,
      actor: command.actor,
    });
    return { outcome: 'updated', ...result, changedFields: changed };
  });
}

const programRef = (p: ProgramRef): ProgramRef => ({ id: p.id, reference: p.reference, status: p.status, financed: p.financed });

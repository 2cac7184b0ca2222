import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { applyCustomerReplacement, lockCustomer, lockProgramsOfCustomer, type CustomerRow } from '../db/finance-store';
import { findProgram } from './program-queries';
import type { ProgramRef } from '../domain/party-rules';
import { isSignedAgreement } from '../domain/program-lifecycle';
import { allOrNothing, lockReplacementPair } from '../all-or-nothing';
import type { FieldCipher } from '../field-cipher';
import { addCustomer, type CustomerInput } from '../customers/create-customer';

export type ReplaceCustomerResult =
  | Outcome<'replaced', { replaced: CustomerRow; by: CustomerRow; created: boolean; programCount: number; invoiceCount: number }>
  | Outcome<'not-found', { what: 'program' | 'replacement' }>
  | Outcome<'program-active', { program: ProgramRef }>
  | Outcome<'active-elsewhere', { programs: ProgramRef[] }>
  | Outcome<'same-customer'>
  | Outcome<'concurrent-change'>;

const ref = (p: ProgramRef): ProgramRef => ({ id: p.id, reference: p.reference, status: p.status, financed: p.financed });

/**
 * FIN-3 the program's customer is replaced, with an existing customer or a new one created in the
 * same request, on every program and invoice connected to it, only while the program is not
 * active. When the replaced customer has an active program elsewhere the whole replacement is
 * refused, listing those programs, and nothing changes (decision 0028: the rule applies to every
 * connected program or to none).
 */
export async function replaceCustomer(
  database: Database,
  cipher: FieldCipher,
  command: { tenantId: string; programId: string; actor: string; by: { customerId: string } | { customer: CustomerInput } },
): Promise<ReplaceCustomerResult> {
  const { tenantId, actor } = command;
  return allOrNothing(
    database,
    async (tx): Promise<ReplaceCustomerResult> => {
      // Lock order of the house (decision 0028): customers, then contacts, then programs.
      const found = await findProgram(tx, tenantId, command.programId);
      if (!found) return { outcome: 'not-found', what: 'program' };
      const byId = 'customerId' in command.by ? command.by.customerId : undefined;
      if (byId === found.customerId) return { outcome: 'same-customer' };
      const pair = await lockReplacementPair(found.customerId, byId, (id) => lockCustomer(tx, tenantId, id));
      const replaced = pair.replaced!;
      const programs = await lockProgramsOfCustomer(tx, tenantId, replaced.id);
      const program = programs.find((p) => p.id === found.id);
      if (!program) return { outcome: 'concurrent-change' };
      if (isSignedAgreement(program.status)) return { outcome: 'program-active', program: ref(program) };
      const active = programs.filter((p) => isSignedAgreement(p.status));
      if (active.length > 0) return { outcome: 'active-elsewhere', programs: active.map(ref) };

      if (byId && !pair.existing) return { outcome: 'not-found', what: 'replacement' };
      const by = pair.existing ?? (await addCustomer(tx, cipher, { tenantId, actor, input: (command.by as { customer: CustomerInput }).customer }));
      const created = !byId;
      const counts = await applyCustomerReplacement(tx, { replaced, by, created, programId: program.id, actor });
      return { outcome: 'replaced', replaced, by, created, ...counts };
    },
    (result) => result.outcome === 'replaced',
  );
}

import type { Outcome, ProgramStatus } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { changeProgramFinanced, lockCustomer, lockProgram, type ProgramRow } from '../db/finance-store';
import { findProgram } from './program-queries';

/** The financed flag follows the terms: it changes while they do (draft, quoted), not once sent for signature (decision 0032). */
export const financedFlagChangeableIn: readonly ProgramStatus[] = ['draft', 'quoted'];

export type ChangeFinancedResult =
  | Outcome<'updated', { program: ProgramRow }>
  | Outcome<'unchanged', { program: ProgramRow }>
  | Outcome<'not-found'>
  | Outcome<'concurrent-change'>
  | Outcome<'locked', { status: ProgramStatus }>;

/**
 * FIN-1 a program becomes financed, or stops being, after its creation (decision 0032). The
 * customer is locked before the program, as FIN-2 locks them, so a customer change running at the
 * same time either sees the new flag (and asks for a document) or finished before it. Past address
 * changes stay as they were: FIN-2 guards changes, not the address a program starts financing at.
 */
export async function changeFinanced(database: Database, command: { tenantId: string; programId: string; financed: boolean; actor: string }): Promise<ChangeFinancedResult> {
  return database.db.transaction(async (tx) => {
    const seen = await findProgram(tx, command.tenantId, command.programId);
    if (!seen) return { outcome: 'not-found' };
    await lockCustomer(tx, command.tenantId, seen.customerId, 'share');
    const program = await lockProgram(tx, command.tenantId, command.programId);
    if (!program) return { outcome: 'not-found' };
    if (program.customerId !== seen.customerId) return { outcome: 'concurrent-change' };
    if (program.financed === command.financed) return { outcome: 'unchanged', program };
    if (!financedFlagChangeableIn.includes(program.status)) return { outcome: 'locked', status: program.status };
    return { outcome: 'updated', program: await changeProgramFinanced(tx, program, command.financed, command.actor) };
  });
}

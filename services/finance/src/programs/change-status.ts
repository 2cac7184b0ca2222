import type { Outcome, ProgramStatus } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { changeProgramStatus, lockProgram, type ProgramRow } from '../db/finance-store';
import { programTransitions, statusChangeRefusal } from '../domain/program-lifecycle';

export type ChangeStatusResult =
  | Outcome<'updated', { program: ProgramRow }>
  | Outcome<'unchanged', { program: ProgramRow }>
  | Outcome<'not-found'>
  | Outcome<'refused', { reason: string; from: ProgramStatus; allowed: readonly ProgramStatus[] }>;

/** FIN-1 moves a program along its lifecycle, only by an allowed transition. */
export async function changeStatus(database: Database, command: { tenantId: string; programId: string; to: ProgramStatus; actor: string }): Promise<ChangeStatusResult> {
  return database.db.transaction(async (tx) => {
    const program = await lockProgram(tx, command.tenantId, command.programId);
    if (!program) return { outcome: 'not-found' };
    if (program.status === command.to) return { outcome: 'unchanged', program };
    const reason = statusChangeRefusal(program.status, command.to);
    if (reason) return { outcome: 'refused', reason, from: program.status, allowed: programTransitions[program.status] };
    return { outcome: 'updated', program: await changeProgramStatus(tx, program, command.to, command.actor) };
  });
}

import { and, eq, sql } from 'drizzle-orm';
import { buildEvent, financeProgramCreatedV1, financeProgramFinancedChangedV1, financeProgramStatusChangedV1, type ProgramContactRole, type ProgramStatus } from '@agencyflow/contracts';
import { writeOutbox, type Executor } from '@agencyflow/db';
import { financeProgramContacts, financePrograms } from '../schema';
import { recordHistory, type HistoryEntry } from '../history-store';
import type { CustomerRow } from './customers';

export type ProgramRow = typeof financePrograms.$inferSelect;
export interface ProgramContactLink {
  contactId: string;
  role: ProgramContactRole;
}

export interface NewProgram {
  reference: string;
  financed: boolean;
  premium: string | null;
  amountFinanced: string | null;
  contacts: readonly ProgramContactLink[];
}

/**
 * FIN-1 a program in draft for a customer (the insured's name and address copied from it), with its
 * contacts in roles; program-created. 'conflict' when the tenant has a program of that reference.
 */
export async function insertProgram(tx: Executor, customer: CustomerRow, program: NewProgram, actor: string): Promise<ProgramRow | undefined> {
  const { tenantId } = customer;
  const [row] = await tx
    .insert(financePrograms)
    .values({
      tenantId,
      reference: program.reference,
      financed: program.financed,
      premium: program.premium,
      amountFinanced: program.amountFinanced,
      customerId: customer.id,
      insuredName: customer.name,
      addressLine1: customer.addressLine1,
      addressLine2: customer.addressLine2,
      city: customer.city,
      state: customer.state,
      zip: customer.zip,
      createdBy: actor,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return undefined;
  await tx.insert(financeProgramContacts).values(program.contacts.map((c) => ({ tenantId, programId: row.id, contactId: c.contactId, role: c.role })));
  const event = buildEvent(financeProgramCreatedV1, {
    tenantId,
    aggregateId: row.id,
    data: { programId: row.id, reference: row.reference, status: row.status, financed: row.financed, customerId: customer.id, contacts: [...program.contacts], createdBy: actor },
  });
  const summary = `Program ${row.reference} created (${row.financed ? 'financed' : 'not financed'}, ${row.status})`;
  const entries: HistoryEntry[] = [
    { subjectType: 'program', subjectId: row.id, change: 'created', summary, after: { status: row.status, financed: row.financed, customerId: customer.id, contacts: program.contacts } },
    { subjectType: 'customer', subjectId: customer.id, change: 'program-created', summary },
    ...[...new Set(program.contacts.map((c) => c.contactId))].map((contactId): HistoryEntry => ({
      subjectType: 'contact',
      subjectId: contactId,
      change: 'program-created',
      summary: `${summary}: ${program.contacts.filter((c) => c.contactId === contactId).map((c) => c.role).join(', ')}`,
    })),
  ];
  await recordHistory(tx, { tenantId, eventId: event.envelope.id, actor }, entries);
  await writeOutbox(tx, [event]);
  return row;
}

/** The program, locked for the rest of the transaction. */
export async function lockProgram(tx: Executor, tenantId: string, programId: string): Promise<ProgramRow | undefined> {
  const [row] = await tx.select().from(financePrograms).where(and(eq(financePrograms.tenantId, tenantId), eq(financePrograms.id, programId))).for('update');
  return row;
}

/** Every program of a customer, locked (FIN-3 decides on all of them at once), oldest first. */
export async function lockProgramsOfCustomer(tx: Executor, tenantId: string, customerId: string): Promise<ProgramRow[]> {
  return tx
    .select()
    .from(financePrograms)
    .where(and(eq(financePrograms.tenantId, tenantId), eq(financePrograms.customerId, customerId)))
    .orderBy(financePrograms.createdAt, financePrograms.id)
    .for('update');
}

/** FIN-1 a program's new status; program-status-changed. */
export async function changeProgramStatus(tx: Executor, program: ProgramRow, to: ProgramStatus, actor: string): Promise<ProgramRow> {
  const [row] = await tx
    .update(financePrograms)
    .set({ status: to, revision: sql`${financePrograms.revision} + 1`, updatedAt: sql`now()` })
    .where(and(eq(financePrograms.tenantId, program.tenantId), eq(financePrograms.id, program.id)))
    .returning();
  const event = buildEvent(financeProgramStatusChangedV1, {
    tenantId: program.tenantId,
    aggregateId: program.id,
    data: { programId: program.id, from: program.status, to, financed: program.financed, changedBy: actor },
  });
  await recordHistory(tx, { tenantId: program.tenantId, eventId: event.envelope.id, actor }, [
    { subjectType: 'program', subjectId: program.id, change: 'status-changed', summary: `Program ${program.reference}: ${program.status} → ${to}`, before: { status: program.status }, after: { status: to } },
  ]);
  await writeOutbox(tx, [event]);
  return row!;
}

/**
 * FIN-1 a program's financed flag changed after creation (decision 0032); program-financed-changed
 * and a history entry on the program and its customer. The caller holds the customer's lock, then
 * the program's (the order FIN-2 takes them in), so FIN-2's guard sees the flag as it is now.
 */
export async function changeProgramFinanced(tx: Executor, program: ProgramRow, financed: boolean, actor: string): Promise<ProgramRow> {
  const [row] = await tx
    .update(financePrograms)
    .set({ financed, revision: sql`${financePrograms.revision} + 1`, updatedAt: sql`now()` })
    .where(and(eq(financePrograms.tenantId, program.tenantId), eq(financePrograms.id, program.id)))
    .returning();
  const event = buildEvent(financeProgramFinancedChangedV1, {
    tenantId: program.tenantId,
    aggregateId: program.id,
    data: { programId: program.id, customerId: program.customerId, financed, status: program.status, changedBy: actor },
  });
  const summary = `Program ${program.reference} ${financed ? 'now financed' : 'no longer financed'}`;
  await recordHistory(tx, { tenantId: program.tenantId, eventId: event.envelope.id, actor }, [
    { subjectType: 'program', subjectId: program.id, change: 'financed-changed', summary, before: { financed: program.financed }, after: { financed } },
    { subjectType: 'customer', subjectId: program.customerId, change: 'program-financed-changed', summary, before: { financed: program.financed }, after: { financed, programId: program.id } },
  ]);
  await writeOutbox(tx, [event]);
  return row!;
}

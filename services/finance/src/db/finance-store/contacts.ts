import { and, eq, ne, sql } from 'drizzle-orm';
import { buildEvent, financeContactCreatedV1, financeContactReplacedV1, financeContactUpdatedV1 } from '@agencyflow/contracts';
import { sqlOf, writeOutbox, type Executor } from '@agencyflow/db';
import { financeContacts } from '../schema';
import { recordHistory, recordHistoryOfPrograms } from '../history-store';

export type ContactRow = typeof financeContacts.$inferSelect;
export type ContactColumns = Pick<ContactRow, 'firstName' | 'lastName' | 'email' | 'phone' | 'company'>;

export const contactName = (c: Pick<ContactRow, 'firstName' | 'lastName'>): string => `${c.firstName} ${c.lastName}`;
const snapshot = (row: Partial<ContactColumns>, fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, (row as Record<string, unknown>)[f] ?? null]));

/**
 * FIN-4 an email is one contact's in a tenant, without case. Serialises every write of that email
 * (the lock is the transaction's) and answers the contact holding it, other than `exceptId`.
 */
export async function claimContactEmail(tx: Executor, tenantId: string, email: string, exceptId?: string): Promise<ContactRow | undefined> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`finance-contact-email:${tenantId}:${email.toLowerCase()}`}, 0))`);
  const [holder] = await tx
    .select()
    .from(financeContacts)
    .where(and(eq(financeContacts.tenantId, tenantId), sql`lower(${financeContacts.email}) = ${email.toLowerCase()}`, exceptId ? ne(financeContacts.id, exceptId) : undefined));
  return holder;
}

export async function insertContact(tx: Executor, tenantId: string, columns: ContactColumns, actor: string): Promise<ContactRow> {
  const [row] = await tx.insert(financeContacts).values({ ...columns, tenantId, createdBy: actor }).returning();
  const contact = row!;
  const event = buildEvent(financeContactCreatedV1, { tenantId, aggregateId: contact.id, data: { contactId: contact.id, displayName: contactName(contact), email: contact.email, createdBy: actor } });
  await recordHistory(tx, { tenantId, eventId: event.envelope.id, actor }, [
    { subjectType: 'contact', subjectId: contact.id, change: 'created', summary: `Contact ${contactName(contact)} created`, after: snapshot(contact, ['firstName', 'lastName', 'email', 'phone', 'company']) },
  ]);
  await writeOutbox(tx, [event]);
  return contact;
}

/** The contact, locked for the rest of the transaction (FIN-4, FIN-5 and activations serialise on it). */
export async function lockContact(tx: Executor, tenantId: string, contactId: string, mode: 'update' | 'share' = 'update'): Promise<ContactRow | undefined> {
  const [row] = await tx.select().from(financeContacts).where(and(eq(financeContacts.tenantId, tenantId), eq(financeContacts.id, contactId))).for(mode);
  return row;
}

async function connectedCounts(tx: Executor, tenantId: string, contactId: string): Promise<{ programs: number; invoices: number }> {
  const [row] = await sqlOf(tx)<{ programs: number; invoices: number }[]>`
    select (select count(distinct program_id)::int from finance_program_contacts where tenant_id = ${tenantId} and contact_id = ${contactId}) as programs,
      (select count(*)::int from finance_invoices where tenant_id = ${tenantId} and billing_contact_id = ${contactId}) as invoices`;
  return row ?? { programs: 0, invoices: 0 };
}

/** The billing contact's copy on invoices, from the contact row (FIN-4, FIN-5). */
async function refreshInvoiceContact(tx: Executor, tenantId: string, contactId: string, fromContactId = contactId): Promise<number> {
  const [row] = await sqlOf(tx)<{ n: number }[]>`
    with changed as (
      update finance_invoices i set billing_contact_id = c.id, billing_contact_name = c.first_name || ' ' || c.last_name,
        billing_contact_email = c.email, revision = i.revision + 1, updated_at = now()
      from finance_contacts c
      where c.tenant_id = ${tenantId} and c.id = ${contactId} and i.tenant_id = ${tenantId} and i.billing_contact_id = ${fromContactId}
      returning 1
    ) select count(*)::int as n from changed`;
  return row?.n ?? 0;
}

/**
 * FIN-4 a contact's new details, for every program connected to it (one history entry each) and
 * the contact copy on its invoices, set-based, in the caller's transaction; contact-updated.
 */
export async function applyContactChange(
  tx: Executor,
  current: ContactRow,
  change: { columns: Partial<ContactColumns>; changedFields: string[]; actor: string },
): Promise<{ contact: ContactRow; programCount: number; invoiceCount: number }> {
  const { tenantId } = current;
  const [row] = await tx
    .update(financeContacts)
    .set({ ...change.columns, revision: sql`${financeContacts.revision} + 1`, updatedAt: sql`now()` })
    .where(and(eq(financeContacts.tenantId, tenantId), eq(financeContacts.id, current.id)))
    .returning();
  const contact = row!;
  const copied = change.changedFields.some((f) => ['firstName', 'lastName', 'email'].includes(f));
  const counts = await connectedCounts(tx, tenantId, contact.id);
  if (copied) await refreshInvoiceContact(tx, tenantId, contact.id);
  const event = buildEvent(financeContactUpdatedV1, {
    tenantId,
    aggregateId: contact.id,
    data: { contactId: contact.id, changedFields: change.changedFields, programCount: counts.programs, invoiceCount: counts.invoices, updatedBy: change.actor },
  });
  const context = { tenantId, eventId: event.envelope.id, actor: change.actor };
  const before = snapshot(current, change.changedFields);
  const after = snapshot(contact, change.changedFields);
  const fields = change.changedFields.join(', ');
  await recordHistory(tx, context, [
    { subjectType: 'contact', subjectId: contact.id, change: 'updated', summary: `Contact ${contactName(contact)} updated (${fields}); ${counts.programs} program(s), ${counts.invoices} invoice(s)`, before, after },
  ]);
  await recordHistoryOfPrograms(tx, context, { contactId: contact.id }, { change: 'contact-updated', summary: `Contact ${contactName(contact)} updated (${fields})`, before, after });
  await writeOutbox(tx, [event]);
  return { contact, programCount: counts.programs, invoiceCount: counts.invoices };
}

/**
 * FIN-5 `by` takes the place of `replaced` in every role on every program and as the billing
 * contact of every invoice, set-based; where `by` already holds that role on a program the
 * replaced contact's role goes. History for both contacts and each program; contact-replaced.
 */
export async function applyContactReplacement(
  tx: Executor,
  command: { replaced: ContactRow; by: ContactRow; created: boolean; actor: string },
): Promise<{ programCount: number; invoiceCount: number }> {
  const { replaced, by, actor } = command;
  const { tenantId } = replaced;
  const counts = await connectedCounts(tx, tenantId, replaced.id);
  const event = buildEvent(financeContactReplacedV1, {
    tenantId,
    aggregateId: replaced.id,
    data: { replacedContactId: replaced.id, contactId: by.id, contactCreated: command.created, programCount: counts.programs, invoiceCount: counts.invoices, replacedBy: actor },
  });
  const context = { tenantId, eventId: event.envelope.id, actor };
  const party = (c: ContactRow) => ({ contactId: c.id, ...snapshot(c, ['firstName', 'lastName', 'email']) });
  const before = party(replaced);
  const after = party(by);
  await recordHistoryOfPrograms(tx, context, { contactId: replaced.id }, { change: 'contact-replaced', summary: `Contact ${contactName(replaced)} replaced by ${contactName(by)}`, before, after });
  const sql = sqlOf(tx);
  await sql`
    update finance_programs set revision = revision + 1, updated_at = now()
    where tenant_id = ${tenantId} and id in (select program_id from finance_program_contacts where tenant_id = ${tenantId} and contact_id = ${replaced.id})`;
  await sql`
    delete from finance_program_contacts pc
    where pc.tenant_id = ${tenantId} and pc.contact_id = ${replaced.id}
      and exists (select 1 from finance_program_contacts o where o.tenant_id = ${tenantId} and o.program_id = pc.program_id and o.contact_id = ${by.id} and o.role = pc.role)`;
  await sql`update finance_program_contacts set contact_id = ${by.id} where tenant_id = ${tenantId} and contact_id = ${replaced.id}`;
  await refreshInvoiceContact(tx, tenantId, by.id, replaced.id);
  const where = `${counts.programs} program(s) and ${counts.invoices} invoice(s)`;
  await recordHistory(tx, context, [
    { subjectType: 'contact', subjectId: replaced.id, change: 'replaced', summary: `Replaced by ${contactName(by)} on ${where}`, before, after },
    { subjectType: 'contact', subjectId: by.id, change: 'replacing', summary: `Replaces ${contactName(replaced)} on ${where}`, before, after },
  ]);
  await writeOutbox(tx, [event]);
  return { programCount: counts.programs, invoiceCount: counts.invoices };
}

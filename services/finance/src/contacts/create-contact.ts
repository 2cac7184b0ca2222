import type { Outcome } from '@agencyflow/contracts';
import type { Database, Executor } from '@agencyflow/db';
import { claimContactEmail, contactName, insertContact, type ContactRow } from '../db/finance-store';

export interface ContactInput {
  firstName: string;
  lastName: string;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
}

/** FIN-4 another contact already has the email: replace that contact instead (it is named). */
export type EmailTaken = Outcome<'email-taken', { email: string; holder: { id: string; name: string } }>;

export const emailTaken = (email: string, holder: ContactRow): EmailTaken => ({ outcome: 'email-taken', email, holder: { id: holder.id, name: contactName(holder) } });

/** A new contact inside the caller's transaction, unless its email is another contact's. */
export async function addContact(tx: Executor, command: { tenantId: string; actor: string; input: ContactInput }): Promise<Outcome<'created', { contact: ContactRow }> | EmailTaken> {
  const { input } = command;
  if (input.email) {
    const holder = await claimContactEmail(tx, command.tenantId, input.email);
    if (holder) return emailTaken(input.email, holder);
  }
  const contact = await insertContact(tx, command.tenantId, { firstName: input.firstName, lastName: input.lastName, email: input.email ?? null, phone: input.phone ?? null, company: input.company ?? null }, command.actor);
  return { outcome: 'created', contact };
}

export const createContact = (database: Database, command: { tenantId: string; actor: string; input: ContactInput }) => database.db.transaction((tx) => addContact(tx, command));

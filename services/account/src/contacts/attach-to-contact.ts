import type { Outcome } from '@agencyflow/contracts';
import type { Database, Executor } from '@agencyflow/db';
import { insertContactFile, insertDealCard, type ContactFileInfo, type ContactRow, type DealCardRow, type NewDealCard, type NewFile } from '../db/account-store';
import { findContact } from './contact-queries';

type AttachCommand = { tenantId: string; contactId: string; actor: string };

/** Attaches something to a contact of the tenant in one transaction; 'not-found' for no such contact. */
async function attach<T extends object>(
  database: Database,
  command: AttachCommand,
  write: (tx: Executor, contact: ContactRow) => Promise<T>,
): Promise<Outcome<'created', T> | Outcome<'not-found'>> {
  return database.db.transaction(async (tx) => {
    const contact = await findContact(tx, command.tenantId, command.contactId);
    if (!contact) return { outcome: 'not-found' };
    return { outcome: 'created', ...(await write(tx, contact)) };
  });
}

/** A deal card on a contact's pipeline. */
export const addDealCard = (database: Database, command: AttachCommand & { card: NewDealCard }): Promise<Outcome<'created', { card: DealCardRow }> | Outcome<'not-found'>> =>
  attach(database, command, async (tx, contact) => ({ card: await insertDealCard(tx, contact, command.card, command.actor) }));

/** Stores a file on a contact, content included. */
export const attachFile = (database: Database, command: AttachCommand & { file: NewFile }): Promise<Outcome<'created', { file: ContactFileInfo }> | Outcome<'not-found'>> =>
  attach(database, command, async (tx, contact) => ({ file: await insertContactFile(tx, contact, command.file, command.actor) }));

import { createHash } from 'node:crypto';
import type { Outcome } from '@agencyflow/contracts';
import type { Database, Executor } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import { insertContactFile, insertDealCard, tenantFileBytes, type ContactFileInfo, type ContactRow, type DealCardRow, type NewDealCard } from '../db/account-store';
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

type OverQuota = Outcome<'over-quota', { usedBytes: number; quotaBytes: number }>;

/**
 * Stores a file on a contact, its content sealed with the field cipher, unless the tenant's
 * files would then take more than `quotaBytes` ('over-quota', nothing written).
 */
export const attachFile = (
  database: Database,
  cipher: FieldCipher,
  command: AttachCommand & { quotaBytes: number; file: { fileName: string; contentType: string; content: Buffer } },
): Promise<Outcome<'created', { file: ContactFileInfo }> | Outcome<'not-found'> | OverQuota> => {
  const { fileName, contentType, content } = command.file;
  const file = { fileName, contentType, sizeBytes: content.length, sha256: createHash('sha256').update(content).digest('hex'), sealed: cipher.sealBytes(content) };
  return database.db.transaction(async (tx) => {
    const contact = await findContact(tx, command.tenantId, command.contactId);
    if (!contact) return { outcome: 'not-found' };
    const usedBytes = await tenantFileBytes(tx, command.tenantId);
    if (usedBytes + file.sizeBytes > command.quotaBytes) return { outcome: 'over-quota', usedBytes, quotaBytes: command.quotaBytes };
    return { outcome: 'created', file: await insertContactFile(tx, contact, file, command.actor) };
  });
};

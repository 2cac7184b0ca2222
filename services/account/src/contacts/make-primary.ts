import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { lockAccount, replacePrimary, type ContactRow } from '../db/account-store';
import { findContact, primaryOfAccount } from './contact-queries';

/** Makes a secondary contact the primary; the old primary becomes a secondary (ACC-1 keeps one primary). */
export async function makePrimary(
  database: Database,
  command: { tenantId: string; contactId: string; actor: string },
): Promise<Outcome<'updated' | 'unchanged', { contact: ContactRow }> | Outcome<'not-found'>> {
  return database.db.transaction(async (tx) => {
    const found = await findContact(tx, command.tenantId, command.contactId);
    if (!found) return { outcome: 'not-found' };
    await lockAccount(tx, command.tenantId, found.accountId);
    const previous = await primaryOfAccount(tx, found.accountId);
    if (previous?.id === found.id) return { outcome: 'unchanged', contact: previous };
    const contact = await replacePrimary(tx, {
      tenantId: command.tenantId,
      accountId: found.accountId,
      previousPrimaryContactId: previous?.id ?? null,
      newPrimaryContactId: found.id,
      actor: command.actor,
    });
    return { outcome: 'updated', contact };
  });
}

import type { AmsSyncAction, Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { lockAccount } from '../db/account-store';
import { findAmsConnection, insertAmsSyncRequest } from '../db/ams-store';
import { findContact } from '../contacts/contact-queries';
import { contactsInSyncOrder } from './ams-sync-queries';

export type AmsSyncTarget = { contactId: string } | { accountId: string };

/**
 * AMS-2: records a request to add or sync a contact (or sync a whole account): the request's row,
 * its contacts set to "queued", and its ams-sync-requested event, in one transaction. The
 * account's sync workflow is started from the event once committed (decision 0020).
 */
export async function requestAmsSync(
  database: Database,
  command: { tenantId: string; requestId: string; action: AmsSyncAction; target: AmsSyncTarget; requestedBy: string },
): Promise<Outcome<'queued', { requestId: string; accountId: string }> | Outcome<'not-found'> | Outcome<'not-connected'>> {
  const { tenantId } = command;
  return database.db.transaction(async (tx) => {
    if (!(await findAmsConnection(tx, tenantId))) return { outcome: 'not-connected' };
    const contact = 'contactId' in command.target ? await findContact(tx, tenantId, command.target.contactId) : undefined;
    const accountId = contact?.accountId ?? ('accountId' in command.target ? command.target.accountId : undefined);
    // The account's lock: a contact added or deleted meanwhile is either in this request or not.
    const account = accountId ? await lockAccount(tx, tenantId, accountId) : undefined;
    if (!account) return { outcome: 'not-found' };
    const contactIds = contact ? [contact.id] : (await contactsInSyncOrder(tx, tenantId, account.id)).map((c) => c.contactId);
    await insertAmsSyncRequest(tx, {
      id: command.requestId,
      tenantId,
      accountId: account.id,
      contactId: contact?.id ?? null,
      action: command.action,
      requestedBy: command.requestedBy,
      contactIds,
    });
    return { outcome: 'queued', requestId: command.requestId, accountId: account.id };
  });
}

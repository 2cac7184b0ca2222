import type { Database } from '@agencyflow/db';
import { getAccount } from '../accounts/account-queries';
import { contactSyncStates } from '../ams-sync/ams-sync-queries';
import { historyOfContact } from '../history/history-queries';
import { policiesOfContact } from '../policy-summaries/policy-summary-queries';
import { dealCardsOfContact, filesOfContact, findContact } from './contact-queries';

/** ACC-9 Contact 360: the contact, its account and label, its policies, deal cards, files and history. */
export async function contact360(database: Database, tenantId: string, contactId: string) {
  // One transaction: the tenant is set once (row-level security) and the parts agree with each other.
  return database.db.transaction(async (db) => {
    const contact = await findContact(db, tenantId, contactId);
    if (!contact) return undefined;
    // The contact's account is of the same tenant; a row that says otherwise shows nothing of it.
    const account = await getAccount(db, tenantId, contact.accountId);
    if (!account) return undefined;
    const policies = await policiesOfContact(db, tenantId, contact.id);
    const dealCards = await dealCardsOfContact(db, tenantId, contact.id);
    const files = await filesOfContact(db, tenantId, contact.id);
    const history = await historyOfContact(db, tenantId, contact.id);
    const [amsSync] = await contactSyncStates(db, tenantId, { contactId: contact.id });
    return { contact, account, policies, dealCards, files, history, amsSync };
  });
}

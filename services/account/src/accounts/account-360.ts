import type { Database } from '@agencyflow/db';
import { contactSyncStates } from '../ams-sync/ams-sync-queries';
import { contactsOfAccount } from '../contacts/contact-queries';
import { historyOfAccount } from '../history/history-queries';
import { policiesOfAccount } from '../policy-summaries/policy-summary-queries';
import { getAccount } from './account-queries';

/** ACC-9 Account 360: the account, its contacts (primary first), policies and history, newest first. */
export async function account360(database: Database, tenantId: string, accountId: string) {
  // One transaction: the tenant is set once (row-level security) and the parts agree with each other.
  return database.db.transaction(async (db) => {
    const account = await getAccount(db, tenantId, accountId);
    if (!account) return undefined;
    const contacts = await contactsOfAccount(db, tenantId, account.id);
    const policies = await policiesOfAccount(db, tenantId, account.id);
    const history = await historyOfAccount(db, tenantId, account.id);
    // AMS-2: each contact's AMS sync state.
    const amsSync = new Map((await contactSyncStates(db, tenantId, { accountId: account.id })).map((s) => [s.contactId, s]));
    return { account, contacts, policies, history, amsSync };
  });
}

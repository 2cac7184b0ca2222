import type { Database } from '@agencyflow/db';
import { getAccount } from '../accounts/account-queries';
import { historyOfContact } from '../history/history-queries';
import { policiesOfContact } from '../policy-summaries/policy-summary-queries';
import { dealCardsOfContact, filesOfContact, findContact } from './contact-queries';

/** ACC-9 Contact 360: the contact, its account and label, its policies, deal cards, files and history. */
export async function contact360(database: Database, tenantId: string, contactId: string) {
  const { db } = database;
  const contact = await findContact(db, tenantId, contactId);
  if (!contact) return undefined;
  const [account, policies, dealCards, files, history] = await Promise.all([
    getAccount(db, tenantId, contact.accountId),
    policiesOfContact(db, tenantId, contact.id),
    dealCardsOfContact(db, tenantId, contact.id),
    filesOfContact(db, tenantId, contact.id),
    historyOfContact(db, tenantId, contact.id),
  ]);
  // The contact's account is of the same tenant; a row that says otherwise shows nothing of it.
  if (!account) return undefined;
  return { contact, account, policies, dealCards, files, history };
}

import type { Database } from '@agencyflow/db';
import { contactsOfAccount } from '../contacts/contact-queries';
import { historyOfAccount } from '../history/history-queries';
import { policiesOfAccount } from '../policy-summaries/policy-summary-queries';
import { getAccount } from './account-queries';

/** ACC-9 Account 360: the account, its contacts (primary first), policies and history, newest first. */
export async function account360(database: Database, tenantId: string, accountId: string) {
  const { db } = database;
  const account = await getAccount(db, tenantId, accountId);
  if (!account) return undefined;
  const [contacts, policies, history] = await Promise.all([
    contactsOfAccount(db, tenantId, account.id),
    policiesOfAccount(db, tenantId, account.id),
    historyOfAccount(db, tenantId, account.id),
  ]);
  return { account, contacts, policies, history };
}

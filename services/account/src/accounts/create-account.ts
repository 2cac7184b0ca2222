import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { openAccount, type AccountRow } from '../db/account-store';

export interface CreateAccountCommand {
  tenantId: string;
  name: string;
  createdBy: string;
}

/** Opens an account as a prospect (ACC-6) and publishes account-created, in one transaction. */
export async function createAccount(database: Database, command: CreateAccountCommand): Promise<Outcome<'created', { account: AccountRow }>> {
  return database.db.transaction(async (tx) => ({ outcome: 'created', account: await openAccount(tx, command) }));
}

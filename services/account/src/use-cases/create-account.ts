import { accountCreatedV1, buildEvent } from '@agencyflow/contracts';
import { writeOutbox, type Database } from '@agencyflow/db';
import { accounts } from '../db/schema';

export interface CreateAccountCommand {
  tenantId: string;
  name: string;
  createdBy: string;
}

/** Opens an account as a prospect (ACC-6) and publishes account-created, in one transaction. */
export async function createAccount(database: Database, command: CreateAccountCommand) {
  return database.db.transaction(async (tx) => {
    const [account] = await tx
      .insert(accounts)
      .values({ tenantId: command.tenantId, name: command.name, createdBy: command.createdBy })
      .returning();
    const created = account!;
    await writeOutbox(tx, [
      buildEvent(accountCreatedV1, {
        tenantId: created.tenantId,
        aggregateId: created.id,
        data: { accountId: created.id, name: created.name, status: created.status, createdBy: created.createdBy },
      }),
    ]);
    return created;
  });
}

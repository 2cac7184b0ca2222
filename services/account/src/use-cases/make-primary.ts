import { and, eq, sql } from 'drizzle-orm';
import { buildEvent, primaryContactChangedV1 } from '@agencyflow/contracts';
import { writeOutbox, type Database } from '@agencyflow/db';
import { contacts } from '../db/schema';
import { lockAccount } from './lock-account';
import { findContact } from './update-contact';

/** Makes a secondary contact the primary; the old primary becomes a secondary (ACC-1 keeps one primary). */
export async function makePrimary(database: Database, command: { tenantId: string; contactId: string; actor: string }) {
  return database.db.transaction(async (tx) => {
    const found = await findContact(tx, command.tenantId, command.contactId);
    if (!found) return { outcome: 'not-found' as const };
    await lockAccount(tx, command.tenantId, found.accountId);
    const [previous] = await tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.accountId, found.accountId), eq(contacts.role, 'primary')));
    if (previous?.id === found.id) return { outcome: 'unchanged' as const };
    if (previous) {
      await tx.update(contacts).set({ role: 'secondary', relation: 'other', updatedAt: sql`now()` }).where(eq(contacts.id, previous.id));
    }
    await tx.update(contacts).set({ role: 'primary', relation: null, updatedAt: sql`now()` }).where(eq(contacts.id, found.id));
    await writeOutbox(tx, [
      buildEvent(primaryContactChangedV1, {
        tenantId: command.tenantId,
        aggregateId: found.accountId,
        data: {
          accountId: found.accountId,
          previousPrimaryContactId: previous?.id ?? null,
          newPrimaryContactId: found.id,
          changedBy: command.actor,
        },
      }),
    ]);
    return { outcome: 'changed' as const };
  });
}

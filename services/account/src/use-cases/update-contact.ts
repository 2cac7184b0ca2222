import { and, eq, sql } from 'drizzle-orm';
import { buildEvent, contactUpdatedV1 } from '@agencyflow/contracts';
import { writeOutbox, type Database } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import { contacts } from '../db/schema';
import { relationRefusal } from '../domain/contact-roles';
import { displayName } from '../domain/contact-names';
import type { UpdateContactInput } from './contact-input';
import { toContactColumns } from './contact-fields';
import { lockAccount } from './lock-account';

export type UpdateContactResult =
  | { outcome: 'updated'; contact: typeof contacts.$inferSelect }
  | { outcome: 'not-found' }
  | { outcome: 'invalid'; errors: Array<{ path: string; message: string }> };

/** Changes a contact's fields; ACC-2: a secondary's relation can be set, changed and cleared (null). */
export async function updateContact(
  database: Database,
  cipher: FieldCipher,
  command: { tenantId: string; contactId: string; actor: string; input: UpdateContactInput },
): Promise<UpdateContactResult> {
  return database.db.transaction(async (tx) => {
    const found = await findContact(tx, command.tenantId, command.contactId);
    if (!found) return { outcome: 'not-found' };
    await lockAccount(tx, command.tenantId, found.accountId);
    const current = (await findContact(tx, command.tenantId, command.contactId))!;

    const { columns, errors } = await toContactColumns(tx, command.tenantId, command.input, cipher);
    const refusal = relationRefusal(current.role, command.input.relation);
    if (refusal) errors.push({ path: 'body.relation', message: refusal });
    if (errors.length > 0) return { outcome: 'invalid', errors };

    const [contact] = await tx
      .update(contacts)
      .set({ ...columns, updatedAt: sql`now()` })
      .where(eq(contacts.id, current.id))
      .returning();
    const updated = contact!;
    await writeOutbox(tx, [
      buildEvent(contactUpdatedV1, {
        tenantId: command.tenantId,
        aggregateId: updated.accountId,
        data: {
          contactId: updated.id,
          accountId: updated.accountId,
          changedFields: Object.keys(command.input).sort(),
          relation: updated.relation ?? null,
          displayName: displayName(updated),
          email: updated.email ?? null,
          updatedBy: command.actor,
        },
      }),
    ]);
    return { outcome: 'updated', contact: updated };
  });
}

export async function findContact(tx: Parameters<typeof lockAccount>[0], tenantId: string, contactId: string) {
  const [contact] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, contactId)));
  return contact;
}

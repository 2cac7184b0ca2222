import { count, eq } from 'drizzle-orm';
import { buildEvent, contactAddedV1 } from '@agencyflow/contracts';
import { writeOutbox, type Database } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import { contacts } from '../db/schema';
import { relationRefusal, roleForNewContact } from '../domain/contact-roles';
import { displayName } from '../domain/contact-names';
import type { CreateContactInput } from './contact-input';
import { toContactColumns } from './contact-fields';
import { lockAccount } from './lock-account';

export interface AddContactCommand {
  tenantId: string;
  accountId: string;
  actor: string;
  source?: 'crm' | 'ams' | 'policy-sync';
  input: CreateContactInput;
}

export type AddContactResult =
  | { outcome: 'added'; contact: typeof contacts.$inferSelect }
  | { outcome: 'not-found' }
  | { outcome: 'invalid'; errors: Array<{ path: string; message: string }> };

/**
 * ACC-1: the first contact of an account becomes its primary, later ones secondary.
 * ACC-8: a new contact takes the account's status.
 */
export async function addContact(database: Database, cipher: FieldCipher, command: AddContactCommand): Promise<AddContactResult> {
  return database.db.transaction(async (tx) => {
    const account = await lockAccount(tx, command.tenantId, command.accountId);
    if (!account) return { outcome: 'not-found' };
    const [existing] = await tx.select({ n: count() }).from(contacts).where(eq(contacts.accountId, account.id));
    const role = roleForNewContact(existing?.n ?? 0);

    const refusal = relationRefusal(role, command.input.relation);
    const { columns, errors } = await toContactColumns(tx, command.tenantId, command.input, cipher);
    if (refusal) errors.push({ path: 'body.relation', message: refusal });
    if (errors.length > 0) return { outcome: 'invalid', errors };

    const [contact] = await tx
      .insert(contacts)
      .values({
        ...columns,
        firstName: command.input.firstName,
        lastName: command.input.lastName,
        tenantId: command.tenantId,
        accountId: account.id,
        role,
        status: account.status,
        source: command.source ?? 'crm',
        createdBy: command.actor,
      })
      .returning();
    const added = contact!;
    await writeOutbox(tx, [
      buildEvent(contactAddedV1, {
        tenantId: command.tenantId,
        aggregateId: account.id,
        data: {
          contactId: added.id,
          accountId: account.id,
          role,
          relation: added.relation ?? null,
          displayName: displayName(added),
          email: added.email ?? null,
          status: added.status,
          servicingAgentId: added.servicingAgentId ?? null,
          source: added.source,
          addedBy: command.actor,
        },
      }),
    ]);
    return { outcome: 'added', contact: added };
  });
}

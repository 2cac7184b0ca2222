import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import { insertContact, lockAccount, type ContactRow } from '../db/account-store';
import { relationRefusal, roleForNewContact } from '../domain/contact-roles';
import { toContactColumns, type FieldError, type NewContactInput } from './contact-fields';
import { countContactsOfAccount } from './contact-queries';

export interface AddContactCommand {
  tenantId: string;
  accountId: string;
  actor: string;
  source?: 'crm' | 'ams' | 'policy-sync';
  input: NewContactInput;
}

export type AddContactResult = Outcome<'created', { contact: ContactRow }> | Outcome<'not-found'> | Outcome<'invalid', { errors: FieldError[] }>;

/**
 * ACC-1: the first contact of an account becomes its primary, later ones secondary.
 * ACC-8: a new contact takes the account's status.
 */
export async function addContact(database: Database, cipher: FieldCipher, command: AddContactCommand): Promise<AddContactResult> {
  return database.db.transaction(async (tx) => {
    const account = await lockAccount(tx, command.tenantId, command.accountId);
    if (!account) return { outcome: 'not-found' };
    const role = roleForNewContact(await countContactsOfAccount(tx, account.id));

    const refusal = relationRefusal(role, command.input.relation);
    const { columns, errors } = await toContactColumns(tx, command.tenantId, command.input, cipher);
    if (refusal) errors.push({ path: 'body.relation', message: refusal });
    if (errors.length > 0) return { outcome: 'invalid', errors };

    const contact = await insertContact(tx, {
      ...columns,
      firstName: command.input.firstName,
      lastName: command.input.lastName,
      tenantId: command.tenantId,
      accountId: account.id,
      role,
      status: account.status,
      source: command.source ?? 'crm',
      createdBy: command.actor,
    });
    return { outcome: 'created', contact };
  });
}

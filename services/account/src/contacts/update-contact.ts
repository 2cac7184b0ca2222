import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import { changeContact, lockAccount, type ContactRow } from '../db/account-store';
import { relationRefusal } from '../domain/contact-roles';
import { toContactColumns, type ContactFieldsInput, type FieldError } from './contact-fields';
import { findContact } from './contact-queries';

export type UpdateContactResult = Outcome<'updated', { contact: ContactRow }> | Outcome<'not-found'> | Outcome<'invalid', { errors: FieldError[] }>;

/** Changes a contact's fields; ACC-2: a secondary's relation can be set, changed and cleared (null). */
export async function updateContact(
  database: Database,
  cipher: FieldCipher,
  command: { tenantId: string; contactId: string; actor: string; input: ContactFieldsInput },
): Promise<UpdateContactResult> {
  return database.db.transaction(async (tx) => {
    const found = await findContact(tx, command.tenantId, command.contactId);
    if (!found) return { outcome: 'not-found' };
    await lockAccount(tx, command.tenantId, found.accountId);
    // Read again under the account's lock: a concurrent make-primary may have changed its role.
    const current = (await findContact(tx, command.tenantId, command.contactId))!;

    const { columns, errors } = await toContactColumns(tx, command.tenantId, command.input, cipher);
    const refusal = relationRefusal(current.role, command.input.relation);
    if (refusal) errors.push({ path: 'body.relation', message: refusal });
    if (errors.length > 0) return { outcome: 'invalid', errors };

    const contact = await changeContact(tx, current, { columns, changedFields: Object.keys(command.input).sort(), actor: command.actor });
    return { outcome: 'updated', contact };
  });
}

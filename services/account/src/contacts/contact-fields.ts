import type { Executor } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import type { ContactColumns, NewContact } from '../db/account-store';
import { birthYearOf } from '../domain/birth-dates';
import { validateCustomFields } from '../domain/custom-fields';
import { customFieldsOf, isServicingAgentOf } from '../settings/settings-queries';

/** Columns the commands fill in themselves: identity, place in the account (ACC-1/8), origin, and the birth year (from the date of birth). */
type ManagedColumns = 'tenantId' | 'accountId' | 'role' | 'status' | 'source' | 'createdBy' | 'birthYear';

/**
 * A contact's own fields as the contact commands take them (SR-4's standard fields), protected
 * ones in plaintext; on update, null clears a field. The HTTP schemas in contact-schemas.ts
 * validate requests into this shape.
 */
export type ContactFieldsInput = Partial<Omit<NewContact, ManagedColumns>>;
export type NewContactInput = ContactFieldsInput & { firstName: string; lastName: string };

export type FieldError = { path: string; message: string };

/** The contact's protected fields: encrypted at rest, masked in answers without protected-data:view. */
export const protectedFields = ['ssn', 'dateOfBirth', 'mbi', 'driversLicenseNumber'] as const;

/**
 * Turns contact input into column values: protected fields encrypted, custom fields
 * checked against the tenant's definitions, the servicing agent checked to be the tenant's.
 * Returns field errors instead of throwing, so callers answer 422 and write nothing.
 */
export async function toContactColumns(
  tx: Executor,
  tenantId: string,
  input: ContactFieldsInput,
  cipher: FieldCipher,
): Promise<{ columns: ContactColumns; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  const { customFields, ...fields } = input;
  const columns: ContactColumns = { ...fields };

  for (const field of protectedFields) {
    if (field in input) columns[field] = cipher.encryptOptional(input[field]);
  }
  // SR-1: the year goes with the date, in the clear, so searches can narrow by it (decision 0025).
  if ('dateOfBirth' in input) columns.birthYear = birthYearOf(input.dateOfBirth);
  if (customFields) {
    errors.push(...validateCustomFields(customFields, await customFieldsOf(tx, tenantId)));
    columns.customFields = Object.fromEntries(Object.entries(customFields).filter(([, v]) => v !== null));
  }
  if (input.servicingAgentId && !(await isServicingAgentOf(tx, tenantId, input.servicingAgentId))) {
    errors.push({ path: 'body.servicingAgentId', message: 'no such servicing agent' });
  }
  return { columns, errors };
}

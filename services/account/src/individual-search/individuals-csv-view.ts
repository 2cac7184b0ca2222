import type { FieldCipher } from '@agencyflow/protected-data';
import { toContactView } from '../contacts/contact-view';
import type { ContactRow } from '../db/account-store';
import { csvLine } from '@agencyflow/http';

type ContactView = ReturnType<typeof toContactView>;

/** The columns of the download, in order: a contact's standard fields as the API answers them. */
const columns = [
  'id', 'accountId', 'role', 'relation', 'status', 'firstName', 'middleName', 'lastName', 'nickname', 'title', 'recordStatus',
  'email', 'secondaryEmail', 'cellPhone', 'homePhone', 'addressType', 'addressLine1', 'addressLine2', 'city', 'county', 'zip',
  'state', 'gender', 'dateOfBirth', 'leadSource', 'mbi', 'medicarePartAEffectiveDate', 'medicarePartBEffectiveDate', 'ssn',
  'driversLicenseNumber', 'smokerStatus', 'servicingAgentId', 'createdAt', 'updatedAt',
] as const satisfies ReadonlyArray<keyof ContactView>;

/** The protected columns: in the clear only for callers with protected-data:view. */
export const protectedColumns = ['ssn', 'dateOfBirth', 'mbi', 'driversLicenseNumber'] as const satisfies ReadonlyArray<(typeof columns)[number]>;

/**
 * SR-1 download: a header row, then one CSV line per match, each custom field of the tenant a
 * column `customFields.<key>`. Rows come a page at a time (everyMatch) and are masked by
 * toContactView exactly as the API answers them, so the file shows nothing the caller could not
 * see over the API, and no more than a page is in memory.
 */
export async function* individualsCsv(
  pages: AsyncIterable<ContactRow[]>,
  cipher: FieldCipher,
  options: { mayViewProtected: boolean; customFieldKeys: string[] },
): AsyncGenerator<string> {
  const { mayViewProtected, customFieldKeys } = options;
  yield csvLine([...columns, ...customFieldKeys.map((key) => `customFields.${key}`)]);
  for await (const rows of pages) {
    yield rows
      .map((row) => {
        const view = toContactView(row, cipher, mayViewProtected);
        return csvLine([...columns.map((column) => view[column]), ...customFieldKeys.map((key) => view.customFields[key])]);
      })
      .join('');
  }
}

import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { insertCustomField, type CustomFieldRow, type NewCustomField } from '../db/settings-store';

/** A typed custom field for the tenant's contacts; its key is unique in the tenant. */
export async function defineCustomField(
  database: Database,
  command: { tenantId: string; field: NewCustomField },
): Promise<Outcome<'created', { field: CustomFieldRow }> | Outcome<'conflict'>> {
  const field = await database.db.transaction((tx) => insertCustomField(tx, command.tenantId, command.field));
  return field ? { outcome: 'created', field } : { outcome: 'conflict' };
}

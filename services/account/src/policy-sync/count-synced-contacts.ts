import type { Database } from '@agencyflow/db';

/** PS-9: the business's contacts made by its policy sync, and those without an email. */
export async function countSyncedContacts(database: Database, businessId: string): Promise<{ contacts: number; contactsWithoutEmail: number }> {
  const [row] = await database.sql.begin(
    (tx) => tx<{ contacts: number; contacts_without_email: number }[]>`
      select count(*)::int as contacts, (count(*) filter (where coalesce(email, '') = ''))::int as contacts_without_email
      from contacts where tenant_id = ${businessId} and source = 'policy-sync'`,
  );
  return { contacts: row?.contacts ?? 0, contactsWithoutEmail: row?.contacts_without_email ?? 0 };
}

import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { ContactRole } from '@agencyflow/contracts';
import { accountDirectory, contactDirectory } from './schema';
import type { Tx } from './tx';

/**
 * The directory store: the only writer of the policy service's read models of the account
 * service, `account_directory` and `contact_directory`, and their reads. Deletions leave
 * tombstones (`deleted_at`), so a late or repeated event cannot bring a row back.
 */

/** The account's row in the directory, unless it is a tombstone. */
const liveAccountRow = (tenantId: string, accountId: string) =>
  and(eq(accountDirectory.tenantId, tenantId), eq(accountDirectory.accountId, accountId), isNull(accountDirectory.deletedAt));

/** The account's contacts in the directory, tombstones left out. */
const liveContactsOf = (tenantId: string, accountId: string) =>
  and(eq(contactDirectory.tenantId, tenantId), eq(contactDirectory.accountId, accountId), isNull(contactDirectory.deletedAt));

export async function recordAccount(tx: Tx, tenantId: string, account: { accountId: string; name: string; status: string }): Promise<void> {
  await tx.insert(accountDirectory).values({ tenantId, ...account }).onConflictDoNothing();
}

export async function changeAccount(tx: Tx, tenantId: string, accountId: string, change: { name?: string; status?: string }): Promise<void> {
  await tx
    .update(accountDirectory)
    .set({ ...change, updatedAt: new Date() })
    .where(liveAccountRow(tenantId, accountId));
}

export async function recordContact(tx: Tx, tenantId: string, contact: { contactId: string; accountId: string; role: ContactRole }): Promise<void> {
  await tx.insert(contactDirectory).values({ tenantId, ...contact }).onConflictDoNothing();
}

/** A policy-sync page's accounts and contacts (one coarse event), set-based. */
export async function recordSyncedPage(
  tx: Tx,
  tenantId: string,
  page: { accounts: { accountId: string; name: string; status: string }[]; contacts: { contactId: string; accountId: string; role: ContactRole }[] },
): Promise<void> {
  if (page.accounts.length > 0) {
    await tx.execute(sql`
      insert into account_directory (tenant_id, account_id, name, status)
      select ${tenantId}, a."accountId", a.name, a.status
      from jsonb_to_recordset(${JSON.stringify(page.accounts)}::jsonb) as a("accountId" uuid, name text, status text)
      on conflict (tenant_id, account_id) do update set name = excluded.name, status = excluded.status, updated_at = now()
      where account_directory.deleted_at is null`);
  }
  if (page.contacts.length > 0) {
    await tx.execute(sql`
      insert into contact_directory (tenant_id, contact_id, account_id, role)
      select ${tenantId}, c."contactId", c."accountId", c.role
      from jsonb_to_recordset(${JSON.stringify(page.contacts)}::jsonb) as c("contactId" uuid, "accountId" uuid, role text)
      on conflict (tenant_id, contact_id) do nothing`);
  }
}

/**
 * The contact's tombstone. Written first when a contact is deleted: a policy being created for
 * this contact holds the row FOR SHARE, so this waits for it to commit, and what follows sees
 * (and removes) that policy too.
 */
export async function tombstoneContact(tx: Tx, tenantId: string, contact: { contactId: string; accountId: string; role: ContactRole }): Promise<void> {
  await tx
    .insert(contactDirectory)
    .values({ tenantId, ...contact, deletedAt: new Date() })
    .onConflictDoUpdate({
      target: [contactDirectory.tenantId, contactDirectory.contactId],
      set: { deletedAt: sql`coalesce(${contactDirectory.deletedAt}, now())`, updatedAt: new Date() },
    });
}

/** A deleted Agent CRM business: every account and contact of its tenant gets its tombstone. */
export async function tombstoneTenant(tx: Tx, tenantId: string): Promise<void> {
  const now = new Date();
  await tx.update(accountDirectory).set({ deletedAt: now, updatedAt: now }).where(and(eq(accountDirectory.tenantId, tenantId), isNull(accountDirectory.deletedAt)));
  await tx.update(contactDirectory).set({ deletedAt: now, updatedAt: now }).where(and(eq(contactDirectory.tenantId, tenantId), isNull(contactDirectory.deletedAt)));
}

/** The account's tombstone, and its contacts'. */
export async function tombstoneAccount(tx: Tx, tenantId: string, accountId: string): Promise<void> {
  await tx
    .insert(accountDirectory)
    .values({ tenantId, accountId, name: '', status: 'inactive', deletedAt: new Date() })
    .onConflictDoUpdate({
      target: [accountDirectory.tenantId, accountDirectory.accountId],
      set: { deletedAt: sql`coalesce(${accountDirectory.deletedAt}, now())`, updatedAt: new Date() },
    });
  await tx
    .update(contactDirectory)
    .set({ deletedAt: new Date(), updatedAt: new Date() })
    .where(liveContactsOf(tenantId, accountId));
}

/** ACC-1 as the account service decided it: one primary per account; the previous one becomes secondary. */
export async function setPrimary(tx: Tx, tenantId: string, accountId: string, contactId: string): Promise<void> {
  await tx
    .update(contactDirectory)
    .set({ role: sql`case when ${contactDirectory.contactId} = ${contactId} then 'primary' else 'secondary' end`, updatedAt: new Date() })
    .where(and(liveContactsOf(tenantId, accountId), sql`(${contactDirectory.contactId} = ${contactId} or ${contactDirectory.role} = 'primary')`));
}

/**
 * Reads of the account and contact read models. FOR SHARE: a consumer deleting the
 * account or contact waits for this transaction, then sees (and deletes) what it wrote.
 */
export async function liveAccount(tx: Tx, tenantId: string, accountId: string) {
  const [account] = await tx
    .select()
    .from(accountDirectory)
    .where(liveAccountRow(tenantId, accountId))
    .for('share');
  return account;
}

/** The ids among `contactIds` that are not live contacts of the account. */
export async function contactsOutsideAccount(tx: Tx, tenantId: string, accountId: string, contactIds: string[]): Promise<string[]> {
  const wanted = [...new Set(contactIds)];
  if (wanted.length === 0) return [];
  const found = await tx
    .select({ contactId: contactDirectory.contactId })
    .from(contactDirectory)
    .where(and(liveContactsOf(tenantId, accountId), inArray(contactDirectory.contactId, wanted)))
    .for('share');
  const known = new Set(found.map((c) => c.contactId));
  return wanted.filter((id) => !known.has(id));
}

export async function primaryContactOf(tx: Tx, tenantId: string, accountId: string): Promise<string | null> {
  const [primary] = await tx
    .select({ contactId: contactDirectory.contactId })
    .from(contactDirectory)
    .where(and(liveContactsOf(tenantId, accountId), eq(contactDirectory.role, 'primary')))
    .for('share');
  return primary?.contactId ?? null;
}

import { and, eq, inArray, isNull } from 'drizzle-orm';
import { accountDirectory, contactDirectory } from '../db/schema';
import type { Tx } from '../db/tx';

/**
 * Reads of the account and contact read models. FOR SHARE: a consumer deleting the
 * account or contact waits for this transaction, then sees (and deletes) what it wrote.
 */
export async function liveAccount(tx: Tx, tenantId: string, accountId: string) {
  const [account] = await tx
    .select()
    .from(accountDirectory)
    .where(and(eq(accountDirectory.tenantId, tenantId), eq(accountDirectory.accountId, accountId), isNull(accountDirectory.deletedAt)))
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
    .where(
      and(
        eq(contactDirectory.tenantId, tenantId),
        eq(contactDirectory.accountId, accountId),
        inArray(contactDirectory.contactId, wanted),
        isNull(contactDirectory.deletedAt),
      ),
    )
    .for('share');
  const known = new Set(found.map((c) => c.contactId));
  return wanted.filter((id) => !known.has(id));
}

export async function primaryContactOf(tx: Tx, tenantId: string, accountId: string): Promise<string | null> {
  const [primary] = await tx
    .select({ contactId: contactDirectory.contactId })
    .from(contactDirectory)
    .where(
      and(
        eq(contactDirectory.tenantId, tenantId),
        eq(contactDirectory.accountId, accountId),
        eq(contactDirectory.role, 'primary'),
        isNull(contactDirectory.deletedAt),
      ),
    )
    .for('share');
  return primary?.contactId ?? null;
}

import type { Executor } from '@agencyflow/db';
import type { AccountRow } from '../db/account-store';
import { policyFateOnContactDeletion, type ContactRef, type PolicyFate } from '../domain/contact-deletion';
import { countContactHistory } from '../history/history-queries';
import { policiesTouchedByDeletion } from '../policy-summaries/policy-summary-queries';
import { countAttachments } from './contact-queries';

/** Everything a deletion takes with it, answered before (and instead of) deleting without confirmation. */
export interface DeletionImpact {
  contact: ContactRef;
  account: { id: string; name: string; deleted: boolean };
  policies: Array<{ policyId: string; carrier: string; policyNumber: string; status: string; fate: PolicyFate }>;
  dealCards: number;
  files: number;
  historyEntries: number;
}

/** ACC-3/4/5: what deleting this contact deletes or moves, each policy with its fate. */
export async function measureDeletionImpact(
  tx: Executor,
  tenantId: string,
  contact: ContactRef,
  account: AccountRow,
  isLast: boolean,
): Promise<DeletionImpact> {
  const policies = await policiesTouchedByDeletion(tx, tenantId, { accountId: account.id, contactId: contact.id, deletesAccount: isLast });
  const attachments = await countAttachments(tx, contact.id);
  const historyEntries = await countContactHistory(tx, contact.id);
  return {
    contact,
    account: { id: account.id, name: account.name, deleted: isLast },
    policies: policies.map((p) => ({
      policyId: p.policyId,
      carrier: p.carrier,
      policyNumber: p.policyNumber,
      status: p.status,
      fate: policyFateOnContactDeletion({ role: contact.role, isLastOfAccount: isLast }, p),
    })),
    dealCards: attachments.dealCards,
    files: attachments.files,
    historyEntries,
  };
}

import type { CopyPolicyPageResult, PolicySyncTotals, SyncedContactsResult } from '@agencyflow/contracts/workflow';

/** Adds one page's outcome to the running totals (pure: safe in workflow code). */
export function addPage(totals: PolicySyncTotals, page: CopyPolicyPageResult, contacts: SyncedContactsResult): PolicySyncTotals {
  const perNpn = { ...totals.perNpn };
  for (const [npn, count] of Object.entries(page.perNpn)) perNpn[npn] = (perNpn[npn] ?? 0) + count;
  return {
    pages: totals.pages + 1,
    policies: totals.policies + page.policies,
    policiesInserted: totals.policiesInserted + page.inserted,
    policiesUpdated: totals.policiesUpdated + page.updated,
    policiesUnchanged: totals.policiesUnchanged + page.unchanged,
    members: totals.members + page.members,
    accountsCreated: totals.accountsCreated + contacts.accountsCreated,
    contactsCreated: totals.contactsCreated + contacts.contactsCreated,
    contactsUpdated: totals.contactsUpdated + contacts.contactsUpdated,
    membersWithoutEmail: totals.membersWithoutEmail + contacts.membersWithoutEmail,
    contacts: totals.contacts,
    contactsWithoutEmail: totals.contactsWithoutEmail,
    perNpn,
  };
}

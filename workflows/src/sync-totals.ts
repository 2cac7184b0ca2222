import type { CopyPolicyPageResult, PolicySyncTotals, SalesRecordPageResult, SalesRecordRunTotals, SyncedContactsResult } from '@agencyflow/contracts/workflow';

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

/** Adds one sales-record run page to the run's totals (pure: safe in workflow code). */
export function addRunPage(totals: SalesRecordRunTotals, page: SalesRecordPageResult): SalesRecordRunTotals {
  return {
    pages: totals.pages + 1,
    processed: totals.processed + page.processed,
    created: totals.created + page.created,
    skipped: totals.skipped + page.skipped,
    failed: totals.failed + page.failed,
  };
}

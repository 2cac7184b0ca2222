import type { AccountStatusChange, SyncedAccount, SyncedContact } from '../db/account-store';
import type { HistoryLine } from '../db/history-store';
import type { SyncedPolicySummary } from '../db/policy-summary-store';
import { displayName } from '../domain/contact-names';
import { describeChange } from '../history/describe-event';

/**
 * ACC-9: one history line per change of a policy-sync page, worded as the history consumer words
 * the events they stand for (a page publishes one coarse event, not one per change).
 */
export function syncedPageHistory(page: {
  accounts: SyncedAccount[];
  contacts: SyncedContact[];
  summaries: SyncedPolicySummary[];
  statuses: AccountStatusChange[];
}): HistoryLine[] {
  const lines: HistoryLine[] = [];
  const add = (accountId: string | null, contactId: string | null, type: string, data: Record<string, unknown>) => {
    if (accountId) lines.push({ accountId, contactId, source: type.split('.')[0]!, type, summary: describeChange(type, data) });
  };
  for (const a of page.accounts) add(a.id, null, 'account.account-created', { name: a.name, status: 'prospect' });
  for (const c of page.contacts.filter((w) => w.inserted)) {
    add(c.account_id, c.id, 'account.contact-added', { role: c.role, relation: c.relation, displayName: displayName({ firstName: c.first_name, lastName: c.last_name }) });
  }
  for (const s of page.summaries) {
    add(s.account_id, s.policyholder_contact_id, 'policy.policy-changed', {
      carrier: s.carrier,
      policyNumber: s.policy_number,
      change: s.inserted ? 'created' : 'updated',
      coverageType: s.coverage_type,
      status: s.status,
    });
  }
  // An account the page opened with an active policy went prospect -> active in the same breath.
  const contactsIn = new Map<string, number>();
  for (const c of page.contacts) if (c.inserted) contactsIn.set(c.account_id, (contactsIn.get(c.account_id) ?? 0) + 1);
  const statusLines = [
    ...page.accounts.filter((a) => a.status !== 'prospect').map((a) => ({ id: a.id, previous: 'prospect', status: a.status, contacts: contactsIn.get(a.id) ?? 0 })),
    ...page.statuses.map((s) => ({ id: s.accountId, previous: s.previous, status: s.status, contacts: s.contactCount })),
  ];
  for (const s of statusLines) {
    add(s.id, null, 'account.account-status-changed', { previousStatus: s.previous, status: s.status, cause: 'policies', contactCount: s.contacts });
  }
  return lines;
}

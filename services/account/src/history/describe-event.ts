import type { EventEnvelope } from '@agencyflow/contracts';

type Data = Record<string, unknown>;

/** One line a person reads in the history (ACC-9). Never includes protected values. */
export function describeEvent(event: EventEnvelope): { summary: string; actor: string | null } {
  const d = event.data as Data;
  const actor = (d.changedBy ?? d.createdBy ?? d.addedBy ?? d.updatedBy ?? d.deletedBy ?? d.requestedBy ?? null) as string | null;
  return { summary: describeChange(event.type, d), actor };
}

/**
 * The wording of one change, from an event's type and data (or the same facts from a bulk
 * write, such as a policy-sync page, which records history without per-row events).
 */
export function describeChange(type: string, d: Data): string {
  const policy = `${d.carrier} policy ${d.policyNumber}`;
  const contactCount = Number(d.contactCount ?? 0);
  return describe(type, d, policy, contactCount);
}

function describe(type: string, d: Data, policy: string, contactCount: number): string {
  switch (type) {
    case 'account.account-created':
      return `Account "${d.name}" opened as ${d.status}`;
    case 'account.account-updated':
      return `Account renamed to "${d.name}"`;
    case 'account.account-status-changed':
      return `Account status ${d.previousStatus} → ${d.status} (${d.cause}); ${contactCount} contact(s) updated`;
    case 'account.contact-added':
      return `${d.role === 'primary' ? 'Primary' : 'Secondary'} contact ${d.displayName} added${d.relation ? ` (${d.relation})` : ''}`;
    case 'account.contact-updated':
      return `Contact ${d.displayName} updated: ${(d.changedFields as string[]).join(', ')}`;
    case 'account.contact-deleted':
      return `${d.role === 'primary' ? 'Primary' : 'Secondary'} contact deleted with ${d.deletedDealCards} deal card(s) and ${d.deletedFiles} file(s)`;
    case 'account.primary-contact-changed':
      return 'Primary contact changed';
    case 'account.contact-attachment-added':
      return `${d.kind === 'file' ? 'File' : 'Deal card'} "${d.title}" added`;
    case 'account.ams-sync-requested':
      return d.action === 'sync-account' ? 'Whole account queued for AMS sync' : d.action === 'add-contact' ? 'Contact queued to be added to the AMS' : 'Contact queued for AMS sync';
    case 'policy.policy-changed':
      return `${policy} ${d.change} (${d.coverageType}, ${d.status})`;
    case 'policy.policy-deleted':
      return `${policy} deleted (${d.reason})`;
    default:
      return type;
  }
}

import type { EventEnvelope } from '@agencyflow/contracts';

type Data = Record<string, unknown>;

/** One line a person reads in the history (ACC-9). Never includes protected values. */
export function describeEvent(event: EventEnvelope): { summary: string; actor: string | null } {
  const d = event.data as Data;
  const actor = (d.changedBy ?? d.createdBy ?? d.addedBy ?? d.updatedBy ?? d.deletedBy ?? null) as string | null;
  const policy = `${d.carrier} policy ${d.policyNumber}`;
  switch (event.type) {
    case 'account.account-created':
      return { summary: `Account "${d.name}" opened as ${d.status}`, actor };
    case 'account.account-updated':
      return { summary: `Account renamed to "${d.name}"`, actor };
    case 'account.account-status-changed':
      return { summary: `Account status ${d.previousStatus} → ${d.status} (${d.cause}); ${(d.contactIds as unknown[]).length} contact(s) updated`, actor };
    case 'account.contact-added':
      return { summary: `${d.role === 'primary' ? 'Primary' : 'Secondary'} contact ${d.displayName} added${d.relation ? ` (${d.relation})` : ''}`, actor };
    case 'account.contact-updated':
      return { summary: `Contact ${d.displayName} updated: ${(d.changedFields as string[]).join(', ')}`, actor };
    case 'account.contact-deleted':
      return { summary: `${d.role === 'primary' ? 'Primary' : 'Secondary'} contact deleted with ${d.deletedDealCards} deal card(s) and ${d.deletedFiles} file(s)`, actor };
    case 'account.primary-contact-changed':
      return { summary: 'Primary contact changed', actor };
    case 'account.contact-attachment-added':
      return { summary: `${d.kind === 'file' ? 'File' : 'Deal card'} "${d.title}" added`, actor };
    case 'policy.policy-changed':
      return { summary: `${policy} ${d.change} (${d.coverageType}, ${d.status})`, actor };
    case 'policy.policy-deleted':
      return { summary: `${policy} deleted (${d.reason})`, actor };
    default:
      return { summary: event.type, actor };
  }
}

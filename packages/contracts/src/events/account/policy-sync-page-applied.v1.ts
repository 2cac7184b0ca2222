import { z } from 'zod';
import { accountStatuses } from '../../fields/account-fields';
import { defineEvent } from '../define-event';

/**
 * One page of a policy sync became accounts and contacts of an Agent CRM business (PS-5), with
 * their policy summaries, statuses (ACC-6/ACC-8) and history (ACC-9) written in the same
 * transaction. One coarse event per page instead of one per account, contact and status change:
 * it lists only ids, roles and statuses (no protected data, no contact fields) of the accounts
 * that are new or changed status, of the contacts that are new and of those whose fields the page
 * updated (`updatedContacts`, added later: absent means none), so read models elsewhere
 * (the policy service's directories) apply the page set-based. Keyed by the business.
 *
 * A page's lists come in parts (`part` of `parts`, each at most POLICY_SYNC_PART_SIZE accounts and
 * as many contacts) so an event never grows with the page; `counts` are the whole page's, in every
 * part. `part`/`parts` were added later: a reader of an event without them sees part 0 of 1.
 */
export const POLICY_SYNC_PART_SIZE = 400;

export const policySyncPageAppliedV1 = defineEvent({
  type: 'account.policy-sync-page-applied',
  version: 1,
  aggregateType: 'agent-crm-business',
  topic: 'account.events',
  schema: z.object({
    businessId: z.uuid(),
    runId: z.uuid(),
    page: z.number().int().nonnegative(),
    part: z.number().int().nonnegative().default(0),
    parts: z.number().int().positive().default(1),
    accounts: z.array(z.object({ accountId: z.uuid(), name: z.string(), status: z.enum(accountStatuses) })),
    contacts: z.array(z.object({ contactId: z.uuid(), accountId: z.uuid(), role: z.enum(['primary', 'secondary']) })),
    updatedContacts: z.array(z.object({ contactId: z.uuid(), accountId: z.uuid() })).default([]),
    counts: z.object({
      accountsCreated: z.number().int().nonnegative(),
      contactsCreated: z.number().int().nonnegative(),
      contactsUpdated: z.number().int().nonnegative(),
      policySummaries: z.number().int().nonnegative(),
      statusChanges: z.number().int().nonnegative(),
    }),
    appliedBy: z.string().min(1),
  }),
});

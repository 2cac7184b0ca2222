/**
 * The policy store: the ONLY code that writes `policies` and `policy_members`, takes their
 * locks, bumps their revisions and writes their outbox events, for one policy and for
 * sets of them. The CRM commands, the carrier import, the policy sync and the consumer of
 * account events all write through here; store-ownership.test.ts keeps it that way.
 *
 * - revisions.ts        one policy: insert, lock, next revision, delete (and sets of deletions)
 * - members.ts          a member's stored form (encrypted, keyed, fingerprinted) and member reads
 * - feed-page.ts        a carrier-feed page, set-based (PS-2)
 * - sync-copy.ts        a policy-sync page copied into a business, in one statement (PS-4/5/6)
 * - contact-deletion.ts what deleting a contact or an account does to policies (ACC-3/4/5)
 * - events.ts           the policy events, one mapping for every writer
 */
export { deletePolicies, insertPolicy, lockPolicy, lockPoliciesOfTenant, savePolicyRevision } from './revisions';
export { memberContactIdsOf, membersOf, memberValues, type MemberRow } from './members';
export { bumpForMemberChanges, upsertFeedMembers, upsertFeedPolicies, writeFeedPageEvents, type FeedWriter, type PlacedFeedRow } from './feed-page';
export { copyPageIntoBusiness, fillMissingPersonKeys, lockBusinessCopies, recordPageCopied } from './sync-copy';
export { applyAccountDeleted, applyContactDeleted, type ContactDeleted } from './contact-deletion';
export { policyChangedEvent, policyDeletedEvent, type PolicyDeletion, type PolicyRecord, type WrittenPolicyRow } from './events';

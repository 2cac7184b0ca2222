/**
 * The internal transfer of one policy-sync page from the policy service to the account service
 * (PS-5): the rows travel service to service as PostgreSQL COPY text (tab separated, `\N` for
 * null), never through Temporal. The policy service selects these columns in this order; the
 * account service COPYs the stream into a table of these columns and types. One list, so the
 * two sides cannot drift apart. Protected fields (`*_enc`) are ciphertext, copied as they are.
 */
export const syncedPageColumns = [
  ['policy_id', 'uuid'],
  ['revision', 'int'],
  ['carrier', 'text'],
  ['policy_number', 'text'],
  ['coverage_type', 'text'],
  ['status', 'text'],
  ['effective_date', 'text'],
  ['renewal_date', 'text'],
  ['premium', 'text'],
  ['account_id', 'uuid'],
  ['policyholder_contact_id', 'uuid'],
  ['synced_from', 'uuid'],
  ['member_key', 'text'],
  ['relationship', 'text'],
  ['contact_id', 'uuid'],
  ['first_name', 'text'],
  ['last_name', 'text'],
  ['date_of_birth_enc', 'text'],
  ['gender', 'text'],
  ['email', 'text'],
  ['phone', 'text'],
  ['address_line1', 'text'],
  ['city', 'text'],
  ['state', 'text'],
  ['zip', 'text'],
  ['mbi_enc', 'text'],
  ['member_fingerprint', 'text'],
] as const;

export type SyncedPageColumn = (typeof syncedPageColumns)[number][0];

/** The policy service's route the account service pulls a page from (query: after, through). */
export const syncedPagePath = '/internal/policy-sync/pages';

/**
 * The account store: the only writer of the account aggregate, an account with its contacts and
 * their deal cards and files (tables accounts, contacts, deal_cards, contact_files). It takes the
 * account's lock, and writes the aggregate's outbox events in the same transaction as the change
 * for single rows and set-based pages alike. Callers bring the transaction.
 */
export * from './accounts';
export * from './account-keys';
export * from './account-statuses';
export * from './contacts';
export * from './attachments';
export * from './synced-page';

/**
 * The finance store: the only writer of the finance parties and programs (tables
 * finance_customers, finance_contacts, finance_programs, finance_program_contacts,
 * finance_invoices, finance_verification_documents, and the tenant's finance_settings with the
 * address changes under review, finance_address_reviews). One consistency boundary: FIN-2..FIN-5
 * change a customer or contact and, in the same transaction and set-based, every program and
 * invoice connected to it. It takes the locks and writes the outbox events and the history
 * (through the history store) in the caller's transaction (X-2, FIN-6).
 */
export * from './customers';
export * from './contacts';
export * from './programs';
export * from './invoices';
export * from './documents';
export * from './settings';
export * from './address-reviews';

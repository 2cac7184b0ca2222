/**
 * A statement failed on a unique index (SQLSTATE 23505). drizzle wraps the postgres.js error,
 * so the code is on the error or on its cause. The transaction is rolled back by then: catch it
 * outside the transaction.
 */
export const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: string } | undefined)?.code === '23505' || (error as { cause?: { code?: string } } | undefined)?.cause?.code === '23505';

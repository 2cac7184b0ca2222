import { describe, expect, it } from 'vitest';
import { failureReason } from '../src/failure-reason';

/** A driver error as drizzle wraps it: the query and its params in the message, the database's error as the cause. */
function drizzleError(cause: Record<string, unknown>): Error {
  const error = new Error(`Failed query: insert into contacts (email, date_of_birth) values ($1, $2)\nparams: ann@example.com,1950-02-03`);
  (error as Error & { cause: unknown }).cause = Object.assign(new Error(String(cause.message)), cause);
  return error;
}

describe('failureReason', () => {
  it('X-4 keeps the error kind, SQLSTATE and constraint, never the values a statement carried', () => {
    const reason = failureReason(
      drizzleError({
        message: 'duplicate key value violates unique constraint "contacts_email_uq"',
        code: '23505',
        constraint_name: 'contacts_email_uq',
        detail: 'Key (email)=(ann@example.com) already exists.',
      }),
    );
    expect(reason).toContain('[23505]');
    expect(reason).toContain('constraint contacts_email_uq');
    expect(reason).not.toContain('ann@example.com');
    expect(reason).not.toContain('1950-02-03');
  });

  it('X-4 masks a value the database quotes in its message', () => {
    const reason = failureReason(drizzleError({ message: 'invalid input syntax for type uuid: "1950-02-03"', code: '22P02' }));
    expect(reason).toContain('[22P02]');
    expect(reason).not.toContain('1950-02-03');
    expect(failureReason(new Error("no contact with email 'ann@example.com' (key)=(x)"))).not.toMatch(/ann@example\.com/);
  });

  it('keeps the names of relations and the reason of a plain error', () => {
    expect(failureReason(drizzleError({ message: 'relation "contacts" does not exist', code: '42P01' }))).toContain('relation "contacts" does not exist');
    expect(failureReason(new TypeError('handler refused the event'))).toBe('TypeError handler refused the event');
  });
});

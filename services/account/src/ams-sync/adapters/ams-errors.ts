/**
 * How an AMS call failed, for the retry policy (AMS-4): `transient` (timeouts, refused or reset
 * connections, 5xx, 429) is retried, with `retryAfterSeconds` when the AMS said how long to wait;
 * `validation` (the AMS refused the record: its own message) and `permanent` (bad credentials,
 * an opted-out agency, a read-only AMS) are not.
 */
export class AmsCallError extends Error {
  constructor(
    readonly kind: 'transient' | 'validation' | 'permanent',
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AmsCallError';
  }
}

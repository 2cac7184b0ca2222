import { failureReason } from './failure-reason';

/**
 * Keys whose values never reach a log line, at any depth. Matching is on the key name,
 * case- and separator-insensitive, so `ssn`, `SSN`, `date_of_birth` and `dateOfBirth` all match.
 */
const protectedKeys = new Set(
  [
    'ssn',
    'socialSecurityNumber',
    'dateOfBirth',
    'dob',
    'birthDate',
    'mbi',
    'medicareBeneficiaryId',
    'driversLicenseNumber',
    'licenseNumber',
    'licenceNumber',
    'authorization',
    'x-api-key',
    'apiKey',
    'password',
    'secret',
    'credentials',
    'token',
  ].map(normalise),
);

function normalise(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

export const REDACTED = '[redacted]';

export function isProtectedKey(key: string): boolean {
  return protectedKeys.has(normalise(key));
}

/**
 * An error as a log line may show it: its kind, the database's code, its message with every
 * quoted value masked and drizzle's parameter list cut (failureReason), and the stack's frames
 * without the first line (which repeats the message). Never the error's own properties: drizzle
 * keeps the statement's parameters on the error, postgres.js the refused row in `detail`.
 */
export function safeError(error: Error): Record<string, unknown> {
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return { type: error.name, message: failureReason(error), stack: frames.slice(0, 12).join('\n') };
}

/** Returns a copy of `value` with protected keys masked and errors made safe. Cycles and depth are bounded. */
export function redactDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) return safeError(value);
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isProtectedKey(key) ? REDACTED : redactDeep(inner, depth + 1, seen);
  }
  return out;
}

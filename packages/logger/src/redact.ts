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

/** Returns a copy of `value` with protected keys masked. Cycles and depth are bounded. */
export function redactDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error || value instanceof Date || Buffer.isBuffer(value)) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isProtectedKey(key) ? REDACTED : redactDeep(inner, depth + 1, seen);
  }
  return out;
}

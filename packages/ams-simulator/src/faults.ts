/** What can go wrong with one call, as a real AMS or the network between does it. */
export const faultKinds = ['server-error', 'timeout', 'refused', 'too-many-requests', 'commit-then-drop'] as const;
export type FaultKind = (typeof faultKinds)[number];

/**
 * Faults of a tenant (or of the whole run, as the default for tenants without their own). Rates
 * are probabilities per call, drawn in this order; commit-then-drop applies to writes only.
 */
export interface FaultConfig {
  /** Added to every answer (ms), plus up to `latencyJitterMs` more. */
  latencyMs?: number;
  latencyJitterMs?: number;
  /** HTTP 503 without touching anything. */
  serverErrorRate?: number;
  /** The call is held and never answered (the socket is closed after `timeoutHoldMs`, default 30 s). */
  timeoutRate?: number;
  timeoutHoldMs?: number;
  /** The connection is closed as soon as the request arrives, before anything is done. */
  refuseRate?: number;
  /** HTTP 429 with `Retry-After: retryAfterSeconds` (default 1). */
  tooManyRequestsRate?: number;
  retryAfterSeconds?: number;
  /** The write is applied, then the connection is closed: the client never learns it happened. */
  commitThenDropRate?: number;
  /** Field rules the AMS validates with (a 400 naming the field, in the AMS's own words). */
  rules?: { validEmail?: boolean; requireLastName?: boolean };
}

/** Draws the fault of one call: the next scripted one first, else by the configured rates. */
export function drawFault(config: FaultConfig, script: FaultKind[], isWrite: boolean, random: () => number = Math.random): FaultKind | null {
  const scripted = script.shift();
  if (scripted) return scripted === 'commit-then-drop' && !isWrite ? null : scripted;
  const rates: Array<[FaultKind, number | undefined]> = [
    ['refused', config.refuseRate],
    ['timeout', config.timeoutRate],
    ['server-error', config.serverErrorRate],
    ['too-many-requests', config.tooManyRequestsRate],
    ['commit-then-drop', isWrite ? config.commitThenDropRate : 0],
  ];
  let draw = random();
  for (const [kind, rate] of rates) {
    if (!rate) continue;
    if (draw < rate) return kind;
    draw -= rate;
  }
  return null;
}

/**
 * What the simulated AMSs take as an email: stricter than the CRM (like many older systems, no
 * plus-addressing), so a CRM contact can be refused by its AMS.
 */
const AMS_EMAIL = /^[A-Za-z0-9._%-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

/** Validation by the tenant's field rules: the AMS's own message, or null when the record is accepted. */
export function validationMessage(config: FaultConfig, fields: { lastName?: string | null; email?: string | null }): string | null {
  if (config.rules?.requireLastName && !fields.lastName?.trim()) return 'Last Name is required.';
  if (config.rules?.validEmail && fields.email && !AMS_EMAIL.test(fields.email)) return 'Email Address is not a valid e-mail address.';
  return null;
}

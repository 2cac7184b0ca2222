import type { ProgramStatus } from '@agencyflow/contracts';

/**
 * FIN-1 the lifecycle of a premium-finance program, as a finance company runs it (decision 0028):
 * - draft -> quoted (terms offered) or cancelled;
 * - quoted -> pending-signature (agreement sent), back to draft (re-quote), or cancelled;
 * - pending-signature -> active (the insured signed: a PFA), back to quoted (terms changed before
 *   signing), or cancelled;
 * - active -> paid-off (the loan is repaid) or cancelled (cancelled for non-payment or by the insured:
 *   the finance company's notice of cancellation);
 * - paid-off and cancelled are final.
 */
export const programTransitions: Readonly<Record<ProgramStatus, readonly ProgramStatus[]>> = {
  draft: ['quoted', 'cancelled'],
  quoted: ['pending-signature', 'draft', 'cancelled'],
  'pending-signature': ['active', 'quoted', 'cancelled'],
  active: ['paid-off', 'cancelled'],
  'paid-off': [],
  cancelled: [],
};

/** Why a program cannot move from one status to another, or undefined when it can. */
export function statusChangeRefusal(from: ProgramStatus, to: ProgramStatus): string | undefined {
  if (from === to) return undefined;
  const allowed = programTransitions[from];
  if (allowed.includes(to)) return undefined;
  return allowed.length === 0
    ? `A ${from} program is final: it cannot become ${to}.`
    : `A ${from} program can become ${allowed.join(', ')}, not ${to}.`;
}

/** FIN-3, FIN-5: an active program is a signed premium finance agreement (PFA). */
export const isSignedAgreement = (status: ProgramStatus): boolean => status === 'active';

import type { Permission } from '@agencyflow/contracts';
import { inParallel, sendKeyed, type KeyedAnswer } from './keyed-client';

/** What one household is made of: an account, its one contact, and one active policy. */
export interface Household {
  accountId: string;
  policyId: string;
  answers: KeyedAnswer[];
}

export interface HouseholdWork {
  accountUrl: string;
  policyUrl: string;
  headers: Record<string, string>;
  /** Makes keys and names unique to the run. */
  run: string;
  count: number;
  concurrency: number;
}

/** Phase one: accounts and their contacts, through keyed requests to the account service. */
export function createAccounts({ accountUrl, headers, run, count, concurrency }: HouseholdWork) {
  return inParallel(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const account = await sendKeyed({ url: `${accountUrl}/accounts`, key: `${run}-account-${i}`, headers, body: { name: `Household ${run} ${i}` } });
      const contact = await sendKeyed({
        url: `${accountUrl}/accounts/${account.id}/contacts`,
        key: `${run}-contact-${i}`,
        headers,
        body: { firstName: `Pat${i}`, lastName: `Keyed${run}` },
      });
      return { accountId: account.id, answers: [account, contact] };
    },
  );
}

/** Phase two: one active policy per account, through keyed requests to the policy service. */
export async function createPolicies(work: HouseholdWork, accounts: Array<{ accountId: string; answers: KeyedAnswer[] }>): Promise<Household[]> {
  const { policyUrl, headers, run, concurrency } = work;
  return inParallel(accounts, concurrency, async ({ accountId, answers }, i) => {
    const policy = await sendKeyed({
      url: `${policyUrl}/policies`,
      key: `${run}-policy-${i}`,
      headers,
      // The policy service learns of the account from its event: until then the account is unknown.
      retryWhen: (status, problem) => status === 422 && !!problem.type?.endsWith('unknown-account'),
      body: {
        accountId,
        carrier: 'Humana',
        policyNumber: `K${run}-${i}`,
        coverageType: 'medicare-advantage',
        status: 'active',
        effectiveDate: '2026-01-01',
        premium: '0.00',
        writingAgentNpn: '17234598',
      },
    });
    return { accountId, policyId: policy.id, answers: [...answers, policy] };
  });
}

/** The permissions a household's requests need. */
export const householdPermissions: Permission[] = ['accounts:edit', 'accounts:view', 'policies:edit', 'policies:view'];

import request from 'supertest';

export interface BookSpec {
  npn: string;
  policies: number;
  /** Every nth policy has a spouse on it (0: none). */
  spouseEvery?: number;
  /** Every nth member has no email (0: all have one). */
  noEmailEvery?: number;
  status?: 'active' | 'pending';
  carrier?: string;
}

/** Carrier feed rows (one per member) for an FMO's book of business, as a carrier would send them. */
export function bookRows(specs: BookSpec[]): Array<Record<string, string>> {
  const rows: Array<Record<string, string>> = [];
  let person = 0;
  for (const spec of specs) {
    for (let i = 0; i < spec.policies; i++) {
      const policy = {
        carrier: spec.carrier ?? 'Humana',
        policy_number: `${spec.npn}-${String(i).padStart(6, '0')}`,
        coverage_type: i % 3 === 0 ? 'medicare-supplement' : 'medicare-advantage',
        status: spec.status ?? 'active',
        effective_date: '2026-01-01',
        renewal_date: '2027-01-01',
        premium: '120.00',
        writing_agent_npn: spec.npn,
      };
      const holder = person++;
      const members = [{ member_relationship: 'policyholder', n: holder }];
      if (spec.spouseEvery && i % spec.spouseEvery === 0) members.push({ member_relationship: 'spouse', n: person++ });
      for (const member of members) {
        const withoutEmail = spec.noEmailEvery ? member.n % spec.noEmailEvery === 0 : false;
        rows.push({
          ...policy,
          member_relationship: member.member_relationship,
          first_name: `First${spec.npn.slice(-3)}x${member.n}`,
          last_name: `Last${member.n}`,
          date_of_birth: `19${40 + (member.n % 50)}-0${1 + (member.n % 9)}-1${member.n % 9}`,
          gender: member.n % 2 ? 'female' : 'male',
          ...(withoutEmail ? {} : { email: `person${member.n}.${spec.npn}@example.com` }),
          state: 'FL',
          zip: '33101',
        });
      }
    }
  }
  return rows;
}

/**
 * Imports rows into the FMO's book through the policy service's carrier feed API (PS-2): the upload
 * answers 202 with the import job, whose workflow writes it; this follows the job to its end.
 */
export async function importBook(policyUrl: string, token: string, rows: Array<Record<string, string>>, timeoutMs = 120_000) {
  const res = await request(policyUrl).post('/carrier-feeds/json').set('authorization', `Bearer ${token}`).send({ rows });
  if (res.status !== 202) throw new Error(`carrier feed upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return followImport(policyUrl, token, res.body.importId, timeoutMs);
}

/** Polls an import job until it is completed (its final view) or failed (an error). */
export async function followImport(policyUrl: string, token: string, importId: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await request(policyUrl).get(`/carrier-feeds/${importId}`).set('authorization', `Bearer ${token}`);
    if (job.status !== 200) throw new Error(`reading import ${importId} failed: ${job.status} ${JSON.stringify(job.body)}`);
    if (job.body.state === 'completed') return job.body;
    if (job.body.state === 'failed') throw new Error(`import ${importId} failed: ${job.body.failure}`);
    if (Date.now() > deadline) throw new Error(`import ${importId} still ${job.body.state} after ${timeoutMs} ms: ${JSON.stringify(job.body.progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

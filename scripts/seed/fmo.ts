/**
 * The FMO demo tenant's book of business as one carrier feed (PS-2): a CSV generated in memory,
 * one row per member, streamed to POST /carrier-feeds as text/csv. Medicare-heavy, written by eight
 * downline agents (NPNs), with the mess real carrier files have: "MAPD"/"Med Supp" labels, M/D/YYYY
 * dates, "$" premiums, members without email, an extra column the service ignores, and three rows
 * that are invalid on purpose (reported by row number, not written). The same --seed gives the same
 * file, so importing it again changes nothing (all "unchanged").
 */
import type { ServiceClient } from './client';
import { address, addYears, dateOfBirth, email, firstName, firstOfMonth, lastNames, mbi, phone, type Gender } from './fake-people';
import { rngFor, type Rng } from './random';

export const fmoAgents = [
  { name: 'Angela Whitfield', npn: '8812345', weight: 20 },
  { name: 'Ramon Castillo', npn: '16405522', weight: 17 },
  { name: 'Grace Okoye', npn: '4417890', weight: 14 },
  { name: 'Trevor Lindqvist', npn: '21093376', weight: 12 },
  { name: 'Hannah Yoshida', npn: '9930017', weight: 11 },
  { name: 'Benito Alvarez', npn: '13377284', weight: 10 },
  { name: 'Cheryl Dubois', npn: '672541', weight: 9 },
  { name: 'Samuel Okonkwo', npn: '18820463', weight: 7 },
] as const;

type Coverage = 'MAPD' | 'Med Supp' | 'PDP' | 'aca' | 'dental' | 'vision' | 'life' | 'final-expense';

/** Fictional carriers: name, policy number prefix, and how their files write dates and premiums. */
const carriers: Record<Coverage, ReadonlyArray<{ name: string; prefix: string; usDates: boolean; dollars: boolean }>> = {
  MAPD: [
    { name: 'Bluepoint Health', prefix: 'BPH', usDates: false, dollars: false },
    { name: 'Keystone Senior Plans', prefix: 'KSP', usDates: true, dollars: true },
    { name: 'Sunridge Medicare', prefix: 'SRM', usDates: false, dollars: false },
  ],
  'Med Supp': [
    { name: 'Granite Mutual', prefix: 'GRM', usDates: true, dollars: true },
    { name: 'Liberty Oak Insurance', prefix: 'LOK', usDates: false, dollars: false },
  ],
  PDP: [
    { name: 'ClearScript Rx', prefix: 'CSR', usDates: false, dollars: true },
    { name: 'Bluepoint Health', prefix: 'BPD', usDates: false, dollars: false },
  ],
  aca: [{ name: 'Horizon Valley Health', prefix: 'HVH', usDates: true, dollars: false }],
  dental: [{ name: 'BrightSmile Dental', prefix: 'BSD', usDates: false, dollars: false }],
  vision: [{ name: 'ClearView Vision', prefix: 'CVV', usDates: false, dollars: false }],
  life: [{ name: 'Harborview Life', prefix: 'HVL', usDates: true, dollars: true }],
  'final-expense': [{ name: 'Evergreen Final Expense', prefix: 'EFE', usDates: false, dollars: true }],
};
const premiumRange: Record<Coverage, readonly [number, number]> = {
  MAPD: [0, 89],
  'Med Supp': [112, 268],
  PDP: [8, 79],
  aca: [260, 1380],
  dental: [24, 72],
  vision: [8, 26],
  life: [28, 185],
  'final-expense': [34, 142],
};
const coverageLabel: Record<Coverage, string> = {
  MAPD: 'medicare-advantage',
  'Med Supp': 'medicare-supplement',
  PDP: 'prescription-drug-plan',
  aca: 'aca',
  dental: 'dental',
  vision: 'vision',
  life: 'life',
  'final-expense': 'final-expense',
};

export const csvColumns = [
  'carrier', 'policy_number', 'coverage_type', 'status', 'effective_date', 'renewal_date', 'premium', 'writing_agent_npn',
  'member_relationship', 'first_name', 'last_name', 'date_of_birth', 'gender', 'email', 'phone', 'address_line1', 'city',
  'state', 'zip', 'mbi', 'agency_code',
] as const;
type Row = Record<(typeof csvColumns)[number], string>;

interface Person {
  first: string;
  last: string;
  gender: Gender;
  dob: string;
  email: string;
  phone: string;
  mbi: string;
}

export interface AgentBook {
  name: string;
  npn: string;
  policies: number;
  members: number;
  withoutEmail: number;
}

export interface Book {
  rows: Row[];
  policies: number;
  agents: AgentBook[];
  coverage: Map<string, number>;
  statuses: Map<string, number>;
  invalidRows: number;
}

const usDate = (iso: string) => `${Number(iso.slice(5, 7))}/${Number(iso.slice(8, 10))}/${iso.slice(0, 4)}`;

function person(rng: Rng, last: string, gender: Gender, minAge: number, maxAge: number, noEmail: number, home: { areaCode: string }): Person {
  const generation = minAge >= 60 ? 'senior' : minAge >= 18 ? 'adult' : 'child';
  const first = firstName(rng, gender, generation);
  return {
    first,
    last,
    gender,
    dob: dateOfBirth(rng, minAge, maxAge),
    email: generation !== 'child' && !rng.chance(noEmail) ? email(rng, first, last) : '',
    phone: generation !== 'child' && rng.chance(0.9) ? phone(rng, home.areaCode) : '',
    mbi: minAge >= 64 ? mbi(rng) : '',
  };
}

/** The whole book: households until `targetPolicies` policies, plus three invalid rows. */
export function buildBook(seed: number, targetPolicies: number): Book {
  const rows: Row[] = [];
  const agents = new Map<string, AgentBook>(fmoAgents.map((a) => [a.npn, { name: a.name, npn: a.npn, policies: 0, members: 0, withoutEmail: 0 }]));
  const coverage = new Map<string, number>();
  const statuses = new Map<string, number>();
  const seedTag = String(seed % 1000).padStart(3, '0');
  let policies = 0;

  for (let h = 1; policies < targetPolicies; h++) {
    const rng = rngFor(seed, 'fmo-household', h);
    const home = address(rng);
    const last = rng.pick(lastNames);
    const gender: Gender = rng.chance(0.55) ? 'female' : 'male';
    const agent = rng.weighted(fmoAgents.map((a) => [a, a.weight] as const));
    const kind = rng.weighted([['senior', 75], ['family', 20], ['single', 5]] as const);
    const adults: Person[] = [];
    const kids: Person[] = [];
    const plans: Array<{ coverage: Coverage; members: Array<{ p: Person; rel: string }> }> = [];
    if (kind === 'senior') {
      adults.push(person(rng, last, gender, 65, 92, 0.15, home));
      if (rng.chance(0.5)) adults.push(person(rng, last, gender === 'female' ? 'male' : 'female', 64, 92, 0.2, home));
      for (const p of adults) {
        const choice = rng.weighted([['MAPD', 55], ['supp', 30], ['PDP', 10], ['none', 5]] as const);
        if (choice === 'MAPD' || choice === 'PDP') plans.push({ coverage: choice, members: [{ p, rel: 'self' }] });
        if (choice === 'supp') plans.push({ coverage: 'Med Supp', members: [{ p, rel: 'self' }] }, { coverage: 'PDP', members: [{ p, rel: 'self' }] });
        if (rng.chance(0.15)) plans.push({ coverage: 'dental', members: [{ p, rel: 'self' }] });
        if (rng.chance(0.1)) plans.push({ coverage: 'final-expense', members: [{ p, rel: 'self' }] });
        if (rng.chance(0.03)) plans.push({ coverage: 'life', members: [{ p, rel: 'self' }] });
      }
    } else {
      adults.push(person(rng, last, gender, 26, 60, 0.1, home));
      if (kind === 'family') {
        if (rng.chance(0.7)) adults.push(person(rng, last, gender === 'female' ? 'male' : 'female', 26, 60, 0.15, home));
        for (let k = rng.int(0, 3); k > 0; k--) {
          const kid = person(rng, last, rng.chance(0.5) ? 'female' : 'male', 1, 17, 1, home);
          if (![...adults, ...kids].some((o) => o.first === kid.first)) kids.push(kid);
        }
      }
      const everyone = [
        { p: adults[0]!, rel: 'self' },
        ...adults.slice(1).map((p) => ({ p, rel: 'spouse' })),
        ...kids.map((p) => ({ p, rel: rng.chance(0.5) ? 'child' : 'dependent' })),
      ];
      if (adults.length > 1 && adults[1]!.first === adults[0]!.first) everyone.splice(1, 1);
      if (rng.chance(0.7)) plans.push({ coverage: 'aca', members: everyone });
      if (rng.chance(0.4)) plans.push({ coverage: 'dental', members: everyone });
      if (rng.chance(0.25)) plans.push({ coverage: 'vision', members: everyone });
      if (rng.chance(0.3) || plans.length === 0) plans.push({ coverage: 'life', members: [everyone[0]!] });
    }

    for (const [j, plan] of plans.entries()) {
      if (policies >= targetPolicies) break;
      policies += 1;
      const carrier = rng.pick(carriers[plan.coverage]);
      const npn = rng.chance(0.9) ? agent.npn : rng.pick(fmoAgents).npn;
      const status = rng.weighted([['active', 80], ['pending', 6], [carrier.usDates ? 'Canceled' : 'cancelled', 8], ['terminated', 6]] as const);
      const effective = firstOfMonth(rng, 2021, 2026);
      const [low, high] = premiumRange[plan.coverage];
      const amount = plan.coverage === 'MAPD' && rng.chance(0.45) ? 0 : rng.int(low * 100, high * 100) / 100;
      const premium = carrier.dollars ? `$${amount.toFixed(2)}` : amount.toFixed(2);
      const date = (iso: string) => (carrier.usDates ? usDate(iso) : iso);
      const medicare = plan.coverage === 'MAPD' || plan.coverage === 'Med Supp' || plan.coverage === 'PDP';
      const book = agents.get(npn)!;
      book.policies += 1;
      coverage.set(coverageLabel[plan.coverage], (coverage.get(coverageLabel[plan.coverage]) ?? 0) + 1);
      const normalisedStatus = status === 'Canceled' ? 'cancelled' : status;
      statuses.set(normalisedStatus, (statuses.get(normalisedStatus) ?? 0) + 1);
      for (const { p, rel } of plan.members) {
        book.members += 1;
        if (!p.email) book.withoutEmail += 1;
        rows.push({
          carrier: carrier.name,
          policy_number: `${carrier.prefix}${seedTag}${String(h).padStart(5, '0')}${j}`,
          coverage_type: plan.coverage,
          status,
          effective_date: date(effective),
          renewal_date: date(addYears(effective, 1)),
          premium,
          writing_agent_npn: npn,
          member_relationship: rel,
          first_name: p.first,
          last_name: p.last,
          date_of_birth: date(p.dob),
          gender: p.gender === 'female' ? 'F' : 'M',
          email: p.email,
          phone: p.phone,
          address_line1: home.line1,
          city: home.city,
          state: home.state,
          zip: home.zip,
          mbi: medicare ? p.mbi : '',
          agency_code: `AG-${npn.slice(-3)}`,
        });
      }
    }
  }

  // Three rows that are wrong on purpose, each its own policy, so the rejections show row numbers.
  const bad = rngFor(seed, 'fmo-invalid');
  const template = (policyNumber: string): Row => ({
    ...rows[bad.int(0, rows.length - 1)]!,
    carrier: 'Keystone Senior Plans',
    policy_number: policyNumber,
    coverage_type: 'MAPD',
    member_relationship: 'self',
  });
  const invalid: Row[] = [
    { ...template(`KSP${seedTag}BAD01`), mbi: '1SL4-TE5-MK73' }, // S and L are not MBI letters
    { ...template(`KSP${seedTag}BAD02`), effective_date: '2/30/2026', renewal_date: '' }, // no February 30th
    { ...template(`KSP${seedTag}BAD03`), writing_agent_npn: 'NPN-88123' }, // an NPN is digits only
  ];
  invalid.forEach((row, i) => rows.splice(Math.floor((rows.length * (i + 1)) / 4), 0, row));

  return { rows, policies, agents: [...agents.values()], coverage, statuses, invalidRows: invalid.length };
}

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The book as a stream of CSV text, a few hundred rows per chunk. */
export function csvStream(rows: readonly Row[]): { stream: ReadableStream<Uint8Array>; bytes: () => number } {
  const encoder = new TextEncoder();
  let next = -1; // -1: the header
  let bytes = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next >= rows.length) {
        controller.close();
        return;
      }
      const lines: string[] = [];
      if (next === -1) {
        lines.push(csvColumns.join(','));
        next = 0;
      }
      for (const end = Math.min(rows.length, next + 500); next < end; next++) {
        const row = rows[next]!;
        lines.push(csvColumns.map((column) => csvCell(row[column])).join(','));
      }
      const chunk = encoder.encode(`${lines.join('\r\n')}\r\n`);
      bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, bytes: () => bytes };
}

export interface ImportSummary {
  importId: string;
  state: 'queued' | 'importing' | 'completed' | 'failed';
  rows: { total: number; valid: number; rejected: number };
  policies: { inserted: number; updated: number; unchanged: number };
  members: { inserted: number; updated: number; unchanged: number };
  progress: { rowsDone: number; rowsTotal: number; percent: number };
  rejections: Array<{ row: number; reason: string }>;
  rejectionsOmitted: number;
  ignoredColumns: string[];
  failure: string | null;
}

/** Uploads the book (202: staged) and follows the import job its workflow writes to its end. */
export async function importBook(policy: ServiceClient, book: Book): Promise<{ summary: ImportSummary; bytes: number; ms: number }> {
  const started = Date.now();
  const { stream, bytes } = csvStream(book.rows);
  const accepted = await policy.request<ImportSummary>('POST', '/carrier-feeds', { raw: { body: stream, contentType: 'text/csv' } });
  for (;;) {
    const job = await policy.request<ImportSummary>('GET', `/carrier-feeds/${accepted.body.importId}`);
    if (job.body.state === 'failed') throw new Error(`the carrier feed import failed: ${job.body.failure}`);
    if (job.body.state === 'completed') return { summary: job.body, bytes: bytes(), ms: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

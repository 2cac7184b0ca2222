/**
 * What the CRM demo tenant should hold, decided up front and deterministically from --seed:
 * households (seniors, families, singles) and small businesses, each an account with a primary
 * contact and 0-3 secondaries, and the policies each account has with the fate of each (left
 * pending, activated, cancelled after being in force, or withdrawn before it ever was).
 */
import {
  address,
  addYears,
  ageOf,
  dateOfBirth,
  driversLicense,
  email,
  firstName,
  firstOfMonth,
  lastNames,
  mbi,
  medicareStart,
  middleName,
  phone,
  ssn,
  type Address,
  type Gender,
} from './fake-people';
import { rngFor, type Rng } from './random';

export const servicingAgents = [
  { name: 'Dana Brooks', npn: '17234598', userId: 'user-dana' },
  { name: 'Marcus Bell', npn: '20458817', userId: 'user-marcus' },
  { name: 'Priya Natarajan', npn: '19930241' },
] as const;

export const customFieldDefinitions = [
  { key: 'preferred_language', label: 'Preferred language', type: 'dropdown', options: ['English', 'Spanish', 'Vietnamese', 'Chinese', 'Tagalog', 'Korean'] },
  { key: 'best_time_to_call', label: 'Best time to call', type: 'dropdown', options: ['Morning', 'Afternoon', 'Evening'] },
  { key: 'enrollment_period', label: 'Medicare enrollment period', type: 'dropdown', options: ['IEP', 'AEP', 'OEP', 'SEP'] },
  { key: 'annual_household_income', label: 'Annual household income', type: 'currency', options: [] },
  { key: 'email_opt_in', label: 'Email opt-in', type: 'checkbox', options: [] },
  { key: 'interests', label: 'Interests', type: 'checkbox-list', options: ['Dental', 'Vision', 'Hearing', 'Fitness', 'Travel', 'Prescription savings'] },
  { key: 'referred_by', label: 'Referred by', type: 'text', options: [] },
] as const;

export type CoverageType =
  | 'medicare-advantage'
  | 'medicare-supplement'
  | 'prescription-drug-plan'
  | 'aca'
  | 'dental'
  | 'vision'
  | 'life'
  | 'final-expense'
  | 'home'
  | 'auto'
  | 'commercial';

/** Fictional carriers, each with its policy number prefix. */
const carriers: Record<CoverageType, ReadonlyArray<readonly [string, string]>> = {
  'medicare-advantage': [['Bluepoint Health', 'BPH'], ['Keystone Senior Plans', 'KSP'], ['Sunridge Medicare', 'SRM']],
  'medicare-supplement': [['Granite Mutual', 'GRM'], ['Liberty Oak Insurance', 'LOK']],
  'prescription-drug-plan': [['ClearScript Rx', 'CSR'], ['Bluepoint Health', 'BPD']],
  aca: [['Horizon Valley Health', 'HVH'], ['Bluepoint Health', 'BPA']],
  dental: [['BrightSmile Dental', 'BSD']],
  vision: [['ClearView Vision', 'CVV']],
  life: [['Harborview Life', 'HVL'], ['Liberty Oak Insurance', 'LOL']],
  'final-expense': [['Harborview Life', 'HVF'], ['Evergreen Final Expense', 'EFE']],
  home: [['Summit Casualty', 'SCH'], ['Prairie Home Mutual', 'PHM']],
  auto: [['Summit Casualty', 'SCA'], ['Roadway Mutual', 'RWM']],
  commercial: [['Ironbridge Commercial', 'IBC']],
};

/** Monthly premium range per coverage type, in dollars. */
const premiums: Record<CoverageType, readonly [number, number]> = {
  'medicare-advantage': [0, 89],
  'medicare-supplement': [112, 268],
  'prescription-drug-plan': [8, 79],
  aca: [260, 1380],
  dental: [24, 72],
  vision: [8, 26],
  life: [28, 185],
  'final-expense': [34, 142],
  home: [88, 320],
  auto: [79, 265],
  commercial: [150, 920],
};

export type Relation = 'spouse' | 'child' | 'parent' | 'dependent' | 'business-partner' | 'employee' | 'other';
export type Kind = 'senior' | 'family' | 'single' | 'business';
/** What happens to a policy after it is created. */
export type PolicyFate = 'pending' | 'active' | 'cancelled' | 'withdrawn';
export type AccountStatus = 'prospect' | 'active' | 'inactive';

export interface ContactPlan {
  /** The body of POST /accounts/{id}/contacts, without servicingAgentId (an id known at run time). */
  body: Record<string, unknown> & { firstName: string; lastName: string };
  relation: Relation | null;
  servicingAgent: number | null;
}

export interface MemberPlan {
  contact: number;
  relationship: 'policyholder' | 'spouse' | 'dependent';
}

export interface PolicyPlan {
  carrier: string;
  policyNumber: string;
  coverageType: CoverageType;
  effectiveDate: string;
  renewalDate: string;
  premium: string;
  agent: number;
  /** Index of the policyholder among the account's contacts. */
  holder: number;
  members: MemberPlan[];
  fate: PolicyFate;
}

export interface AccountPlan {
  index: number;
  name: string;
  kind: Kind;
  contacts: ContactPlan[];
  policies: PolicyPlan[];
  /** ACC-6 applied to the fates: any active -> active; was active, none now -> inactive; else prospect. */
  expectedStatus: AccountStatus;
}

interface Person {
  first: string;
  last: string;
  gender: Gender;
  dob: string;
  relation: Relation | null;
  /** Members' relationship on family policies. */
  memberRole: MemberPlan['relationship'];
}

const leadSources = ['Referral', 'Website', 'Facebook ad', 'Seminar', 'Direct mail', 'Walk-in', 'Carrier lead'] as const;
const trades = ['Plumbing', 'Landscaping', 'Bakery', 'Auto Repair', 'Dental Lab', 'Roofing', 'Printing', 'Catering', 'Hardware', 'Cleaning Co'] as const;
const otherGender = (g: Gender): Gender => (g === 'female' ? 'male' : 'female');

function people(rng: Rng, kind: Kind): Person[] {
  const last = rng.pick(lastNames);
  const gender: Gender = rng.chance(0.55) ? 'female' : 'male';
  const out: Person[] = [];
  const add = (p: Omit<Person, 'first'> & { generation: 'senior' | 'adult' | 'child' }) => {
    // Never two people with the same first name in one household.
    let first = firstName(rng, p.gender, p.generation);
    for (let i = 0; i < 5 && out.some((o) => o.first === first); i++) first = firstName(rng, p.gender, p.generation);
    if (out.some((o) => o.first === first)) return;
    out.push({ first, last: p.last, gender: p.gender, dob: p.dob, relation: p.relation, memberRole: p.memberRole });
  };
  const secondaries = () => 3 - (out.length - 1);
  switch (kind) {
    case 'senior': {
      add({ last, gender, dob: dateOfBirth(rng, 65, 89), relation: null, memberRole: 'policyholder', generation: 'senior' });
      if (rng.chance(0.6)) add({ last, gender: otherGender(gender), dob: dateOfBirth(rng, 63, 90), relation: 'spouse', memberRole: 'spouse', generation: 'senior' });
      if (rng.chance(0.3)) add({ last: rng.chance(0.7) ? last : rng.pick(lastNames), gender: rng.chance(0.5) ? 'female' : 'male', dob: dateOfBirth(rng, 35, 62), relation: 'child', memberRole: 'dependent', generation: 'adult' });
      break;
    }
    case 'family': {
      add({ last, gender, dob: dateOfBirth(rng, 27, 58), relation: null, memberRole: 'policyholder', generation: 'adult' });
      if (rng.chance(0.7)) add({ last, gender: otherGender(gender), dob: dateOfBirth(rng, 27, 60), relation: 'spouse', memberRole: 'spouse', generation: 'adult' });
      const kids = rng.weighted([[0, 3], [1, 4], [2, 3]] as const);
      for (let k = 0; k < kids && secondaries() > 0; k++) {
        add({ last, gender: rng.chance(0.5) ? 'female' : 'male', dob: dateOfBirth(rng, 1, 17), relation: rng.chance(0.8) ? 'child' : 'dependent', memberRole: 'dependent', generation: 'child' });
      }
      if (secondaries() > 0 && rng.chance(0.1)) {
        add({ last: rng.pick(lastNames), gender: rng.chance(0.6) ? 'female' : 'male', dob: dateOfBirth(rng, 66, 88), relation: 'parent', memberRole: 'dependent', generation: 'senior' });
      }
      break;
    }
    case 'single': {
      add({ last, gender, dob: dateOfBirth(rng, 22, 63), relation: null, memberRole: 'policyholder', generation: 'adult' });
      if (rng.chance(0.15)) add({ last, gender: rng.chance(0.6) ? 'female' : 'male', dob: dateOfBirth(rng, 60, 88), relation: 'parent', memberRole: 'dependent', generation: 'senior' });
      if (rng.chance(0.05)) add({ last: rng.pick(lastNames), gender: rng.chance(0.5) ? 'female' : 'male', dob: dateOfBirth(rng, 22, 60), relation: 'other', memberRole: 'dependent', generation: 'adult' });
      break;
    }
    case 'business': {
      add({ last, gender, dob: dateOfBirth(rng, 30, 66), relation: null, memberRole: 'policyholder', generation: 'adult' });
      if (rng.chance(0.5)) add({ last: rng.pick(lastNames), gender: rng.chance(0.5) ? 'female' : 'male', dob: dateOfBirth(rng, 30, 66), relation: 'business-partner', memberRole: 'dependent', generation: 'adult' });
      const staff = rng.int(0, 2);
      for (let k = 0; k < staff && secondaries() > 0; k++) {
        add({ last: rng.pick(lastNames), gender: rng.chance(0.5) ? 'female' : 'male', dob: dateOfBirth(rng, 20, 60), relation: 'employee', memberRole: 'dependent', generation: 'adult' });
      }
      break;
    }
  }
  return out;
}

function contactBody(rng: Rng, person: Person, home: Address, kind: Kind, isPrimary: boolean): Record<string, unknown> & { firstName: string; lastName: string } {
  const age = ageOf(person.dob);
  const adult = age >= 18;
  const senior = age >= 65;
  const body: Record<string, unknown> & { firstName: string; lastName: string } = { firstName: person.first, lastName: person.last };
  const set = (key: string, value: unknown) => {
    if (value !== null && value !== undefined) body[key] = value;
  };
  set('middleName', middleName(rng));
  if (rng.chance(0.06)) set('nickname', person.first.slice(0, Math.max(3, person.first.length - 2)));
  set('gender', person.gender);
  // Some people never gave us their date of birth; seniors almost always did (Medicare).
  if (senior ? rng.chance(0.95) : rng.chance(isPrimary ? 0.7 : 0.5)) set('dateOfBirth', person.dob);
  if (adult && rng.chance(kind === 'business' ? 0.95 : isPrimary ? 0.82 : 0.45)) {
    const mail = email(rng, person.first, person.last);
    set('email', kind === 'business' ? mail.replace(/@.*$/, '@example.org') : mail);
  }
  if (adult && rng.chance(isPrimary ? 0.92 : 0.5)) set('cellPhone', phone(rng, home.areaCode));
  if (adult && senior && rng.chance(0.4)) set('homePhone', phone(rng, home.areaCode));
  const sharesAddress = person.relation !== 'employee' && person.relation !== 'business-partner' && person.relation !== 'parent' && person.relation !== 'other';
  const where = sharesAddress ? home : address(rng);
  if (isPrimary || rng.chance(0.6)) {
    set('addressType', kind === 'business' && isPrimary ? 'business' : rng.chance(0.9) ? 'home' : 'mailing');
    set('addressLine1', where.line1);
    set('city', where.city);
    set('county', where.county);
    set('state', where.state);
    set('zip', where.zip);
  }
  if (senior && rng.chance(0.85)) {
    set('mbi', mbi(rng));
    set('medicarePartAEffectiveDate', medicareStart(person.dob));
    set('medicarePartBEffectiveDate', rng.chance(0.85) ? medicareStart(person.dob) : addYears(medicareStart(person.dob), 1));
  }
  if (adult && rng.chance(0.25)) set('ssn', ssn(rng));
  if (adult && rng.chance(0.3)) set('driversLicenseNumber', driversLicense(rng, where.state));
  if (adult) set('smokerStatus', rng.weighted([['non-smoker', 7], ['smoker', 1], ['unknown', 2]] as const));
  if (isPrimary) {
    set('leadSource', senior ? rng.pick(['Turning 65 list', 'Seminar', 'Direct mail', 'Referral'] as const) : rng.pick(leadSources));
    set('recordStatus', rng.weighted([['active', 96], ['do-not-contact', 3], ['deceased', 1]] as const));
    if (rng.chance(0.04)) set('title', rng.pick(['Dr.', 'Rev.', 'Hon.'] as const));
    const custom: Record<string, unknown> = {};
    custom.preferred_language = rng.weighted([['English', 70], ['Spanish', 18], ['Vietnamese', 4], ['Chinese', 3], ['Tagalog', 3], ['Korean', 2]] as const);
    if (rng.chance(0.6)) custom.best_time_to_call = rng.pick(['Morning', 'Afternoon', 'Evening'] as const);
    if (senior && rng.chance(0.7)) custom.enrollment_period = rng.weighted([['AEP', 5], ['IEP', 3], ['SEP', 1], ['OEP', 1]] as const);
    if (rng.chance(0.4)) custom.annual_household_income = rng.int(18, 240) * 1000 + (rng.chance(0.2) ? 0.5 : 0);
    custom.email_opt_in = body.email !== undefined && rng.chance(0.7);
    if (rng.chance(0.35)) custom.interests = rng.sample(['Dental', 'Vision', 'Hearing', 'Fitness', 'Travel', 'Prescription savings'], rng.int(1, 3));
    if (body.leadSource === 'Referral' && rng.chance(0.7)) custom.referred_by = `${rng.pick(['Pastor', 'Neighbor', 'Client', 'Coworker'] as const)} ${rng.pick(lastNames)}`;
    set('customFields', custom);
  }
  if (person.relation) set('relation', person.relation);
  return body;
}

function premium(rng: Rng, type: CoverageType): string {
  const [low, high] = premiums[type];
  if (type === 'medicare-advantage' && rng.chance(0.45)) return '0.00'; // $0-premium plans are common
  return (rng.int(low * 100, high * 100) / 100).toFixed(2);
}

/** The account's policies: who holds which coverage, with which members. */
function policyCoverages(rng: Rng, kind: Kind, folks: Person[]): Array<{ type: CoverageType; holder: number; members: MemberPlan[] }> {
  const out: Array<{ type: CoverageType; holder: number; members: MemberPlan[] }> = [];
  const solo = (type: CoverageType, holder = 0) => out.push({ type, holder, members: [{ contact: holder, relationship: 'policyholder' }] });
  const family = (type: CoverageType, include: (p: Person) => boolean) =>
    out.push({
      type,
      holder: 0,
      members: folks.flatMap((p, i): MemberPlan[] => {
        if (i === 0) return [{ contact: 0, relationship: 'policyholder' }];
        return include(p) ? [{ contact: i, relationship: p.memberRole === 'spouse' ? 'spouse' : 'dependent' }] : [];
      }),
    });
  switch (kind) {
    case 'senior':
      folks.forEach((p, i) => {
        if (p.relation !== null && p.relation !== 'spouse') return;
        if (ageOf(p.dob) < 65) return;
        const plan = rng.weighted([['ma', 55], ['supp', 35], ['none', 10]] as const);
        if (plan === 'ma') solo('medicare-advantage', i);
        if (plan === 'supp') {
          solo('medicare-supplement', i);
          solo('prescription-drug-plan', i);
        }
        if (rng.chance(0.2)) solo('final-expense', i);
      });
      if (rng.chance(0.25)) family('dental', (p) => p.relation === 'spouse');
      if (rng.chance(0.1)) family('vision', (p) => p.relation === 'spouse');
      if (rng.chance(0.15)) solo('home');
      break;
    case 'family': {
      const covered = (p: Person) => p.relation === 'spouse' || p.relation === 'child' || p.relation === 'dependent';
      if (rng.chance(0.45)) family('aca', covered);
      if (rng.chance(0.35)) family('dental', covered);
      if (rng.chance(0.2)) family('vision', covered);
      if (rng.chance(0.4)) solo('life');
      if (rng.chance(0.55)) family('auto', (p) => p.relation === 'spouse');
      if (rng.chance(0.45)) solo('home');
      if (folks.some((p) => p.relation === 'parent' && ageOf(p.dob) >= 65) && rng.chance(0.5)) {
        solo('medicare-advantage', folks.findIndex((p) => p.relation === 'parent'));
      }
      break;
    }
    case 'single':
      if (rng.chance(0.6)) solo('auto');
      if (rng.chance(0.3)) solo('home');
      if (rng.chance(0.25)) solo('life');
      if (rng.chance(0.35)) solo('aca');
      if (rng.chance(0.15)) solo('dental');
      break;
    case 'business':
      if (rng.chance(0.85)) solo('commercial');
      if (rng.chance(0.4)) solo('auto');
      if (rng.chance(0.2)) solo('life');
      break;
  }
  if (out.length === 0) solo(kind === 'senior' ? 'medicare-advantage' : kind === 'business' ? 'commercial' : 'auto');
  return out;
}

export function planAccount(seed: number, index: number): AccountPlan {
  const rng = rngFor(seed, 'crm-account', index);
  const kind = rng.weighted([['senior', 45], ['family', 30], ['single', 13], ['business', 12]] as const);
  const folks = people(rng, kind);
  const home = address(rng);
  const primary = folks[0]!;
  const name =
    kind === 'business'
      ? `${primary.last} ${rng.pick(trades)} ${rng.pick(['LLC', 'Inc', '& Sons', 'Co'] as const)}`
      : folks.length > 1 && folks[1]!.relation === 'spouse'
        ? `${primary.last} household`
        : `${primary.first} ${primary.last}`;
  const agent = rng.weighted([[0, 5], [1, 3], [2, 2]] as const);
  const contacts: ContactPlan[] = folks.map((person, i) => ({
    body: contactBody(rng, person, home, kind, i === 0),
    relation: person.relation,
    servicingAgent: i === 0 || rng.chance(0.5) ? agent : null,
  }));

  // The account's story: no policies yet, only quotes, lapsed, or in force.
  const story = rng.weighted([['none', 12], ['quoted', 10], ['lapsed', 15], ['in-force', 63]] as const);
  const coverages = story === 'none' ? [] : policyCoverages(rng, kind, folks);
  const seedTag = String(seed % 1000).padStart(3, '0');
  const policies: PolicyPlan[] = coverages.map((coverage, j) => {
    const [carrier, prefix] = rng.pick(carriers[coverage.type]);
    const effectiveDate = firstOfMonth(rng, 2023, 2026);
    let fate: PolicyFate;
    if (story === 'quoted') fate = rng.chance(0.8) ? 'pending' : 'withdrawn';
    else if (story === 'lapsed') fate = 'cancelled';
    else fate = rng.weighted([['active', 75], ['pending', 10], ['cancelled', 10], ['withdrawn', 5]] as const);
    return {
      carrier,
      policyNumber: `${prefix}-${seedTag}${String(index).padStart(5, '0')}${j}`,
      coverageType: coverage.type,
      effectiveDate,
      renewalDate: addYears(effectiveDate, 1),
      premium: premium(rng, coverage.type),
      agent: rng.chance(0.85) ? agent : rng.int(0, servicingAgents.length - 1),
      holder: coverage.holder,
      members: coverage.members,
      fate,
    };
  });
  if (story === 'in-force' && !policies.some((p) => p.fate === 'active')) policies[0]!.fate = 'active';

  const expectedStatus: AccountStatus = policies.some((p) => p.fate === 'active')
    ? 'active'
    : policies.some((p) => p.fate === 'cancelled')
      ? 'inactive'
      : 'prospect';
  return { index, name, kind, contacts, policies, expectedStatus };
}

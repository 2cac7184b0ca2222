/**
 * Realistic-looking, obviously fake people: common names, made-up streets in real towns, phone
 * numbers in the 555-01xx range kept for fiction, mail at example.com/.net/.org (reserved
 * domains), and identifiers that pass the validators in packages/contracts/src/fields/identifiers.ts:
 *   - MBI: the CMS format (digit 1-9, letters without S L O I B Z, ...); drawn at random, so format
 *     valid but not anybody's;
 *   - SSN: area 734-749, a block the SSA never assigned before it randomised numbers (9xx, 000 and 666
 *     are refused by our validator, so the usual "fake" 9xx ranges cannot be used).
 */
import type { Rng } from './random';

/** Dates are computed from a fixed day, not from "now", so the same --seed gives the same data every day. */
export const REFERENCE_YEAR = 2026;

export const femaleNames = [
  'Maria', 'Linda', 'Patricia', 'Barbara', 'Susan', 'Dorothy', 'Carol', 'Nancy', 'Sharon', 'Donna',
  'Gloria', 'Rosa', 'Yolanda', 'Mei', 'Aiko', 'Priya', 'Fatima', 'Ngozi', 'Ana', 'Elena',
  'Jennifer', 'Michelle', 'Ashley', 'Jessica', 'Amanda', 'Stephanie', 'Lauren', 'Keisha', 'Tiffany', 'Megan',
  'Emma', 'Olivia', 'Sophia', 'Isabella', 'Mia', 'Chloe', 'Zoe', 'Lily', 'Grace', 'Aaliyah',
] as const;

export const maleNames = [
  'James', 'Robert', 'John', 'William', 'Richard', 'Thomas', 'Charles', 'Donald', 'George', 'Kenneth',
  'Jose', 'Luis', 'Carlos', 'Hiroshi', 'Wei', 'Raj', 'Omar', 'Emeka', 'Dmitri', 'Tomas',
  'Michael', 'David', 'Christopher', 'Daniel', 'Matthew', 'Andrew', 'Joshua', 'Brandon', 'Marcus', 'Tyler',
  'Liam', 'Noah', 'Ethan', 'Lucas', 'Mason', 'Elijah', 'Logan', 'Caleb', 'Owen', 'Jayden',
] as const;

export const lastNames = [
  'Rivera', 'Nguyen', 'Johnson', 'Williams', 'Brown', 'Garcia', 'Martinez', 'Anderson', 'Thompson', 'Moore',
  'Jackson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King',
  'Wright', 'Lopez', 'Hill', 'Scott', 'Green', 'Adams', 'Baker', 'Gonzalez', 'Nelson', 'Carter',
  'Mitchell', 'Perez', 'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins',
  'Stewart', 'Sanchez', 'Morris', 'Rogers', 'Reed', 'Cook', 'Morgan', 'Bell', 'Murphy', 'Bailey',
  'Kim', 'Patel', 'Chen', 'Okafor', 'Tanaka', 'Kowalski', 'Haddad', 'Novak', 'Silva', 'Reyes',
  'Brooks', 'Foster', 'Hughes', 'Price', 'Sanders', 'Ross', 'Ortiz', 'Jenkins', 'Perry', 'Powell',
] as const;

const middleInitials = 'ABCDEFGHJKLMNPRSTW'.split('');

const streetNames = [
  'Maple', 'Oak', 'Cedar', 'Pine', 'Elm', 'Willow', 'Birch', 'Magnolia', 'Sycamore', 'Juniper',
  'Lakeview', 'Hillcrest', 'Sunset', 'Riverside', 'Meadow', 'Orchard', 'Harbor', 'Prairie', 'Canyon', 'Bayberry',
  'Franklin', 'Jefferson', 'Lincoln', 'Washington', 'Madison', 'Monroe', 'Jackson', 'Adams', 'Hamilton', 'Grant',
] as const;
const streetTypes = ['St', 'Ave', 'Dr', 'Ln', 'Ct', 'Blvd', 'Way', 'Rd', 'Pl', 'Ter'] as const;

interface Town {
  city: string;
  county: string;
  zip: string;
}
interface State {
  code: string;
  areaCodes: readonly string[];
  towns: readonly Town[];
  /** How often households live here (Florida and Arizona are heavy on Medicare). */
  weight: number;
}

export const states: readonly State[] = [
  { code: 'FL', weight: 16, areaCodes: ['305', '813', '407', '561'], towns: [
    { city: 'Miami', county: 'Miami-Dade', zip: '33139' }, { city: 'Tampa', county: 'Hillsborough', zip: '33602' },
    { city: 'Orlando', county: 'Orange', zip: '32801' }, { city: 'Boca Raton', county: 'Palm Beach', zip: '33432' },
    { city: 'The Villages', county: 'Sumter', zip: '32162' } ] },
  { code: 'TX', weight: 12, areaCodes: ['512', '713', '214', '210'], towns: [
    { city: 'Austin', county: 'Travis', zip: '78701' }, { city: 'Houston', county: 'Harris', zip: '77002' },
    { city: 'Dallas', county: 'Dallas', zip: '75201' }, { city: 'San Antonio', county: 'Bexar', zip: '78205' } ] },
  { code: 'AZ', weight: 8, areaCodes: ['602', '480', '520'], towns: [
    { city: 'Phoenix', county: 'Maricopa', zip: '85004' }, { city: 'Scottsdale', county: 'Maricopa', zip: '85251' },
    { city: 'Tucson', county: 'Pima', zip: '85701' }, { city: 'Sun City', county: 'Maricopa', zip: '85351' } ] },
  { code: 'CA', weight: 10, areaCodes: ['619', '916', '714', '408'], towns: [
    { city: 'San Diego', county: 'San Diego', zip: '92101' }, { city: 'Sacramento', county: 'Sacramento', zip: '95814' },
    { city: 'Anaheim', county: 'Orange', zip: '92805' }, { city: 'San Jose', county: 'Santa Clara', zip: '95113' } ] },
  { code: 'NY', weight: 6, areaCodes: ['518', '716', '585'], towns: [
    { city: 'Albany', county: 'Albany', zip: '12207' }, { city: 'Buffalo', county: 'Erie', zip: '14202' },
    { city: 'Rochester', county: 'Monroe', zip: '14604' } ] },
  { code: 'PA', weight: 6, areaCodes: ['215', '412', '717'], towns: [
    { city: 'Philadelphia', county: 'Philadelphia', zip: '19103' }, { city: 'Pittsburgh', county: 'Allegheny', zip: '15222' },
    { city: 'Harrisburg', county: 'Dauphin', zip: '17101' } ] },
  { code: 'OH', weight: 5, areaCodes: ['614', '216', '513'], towns: [
    { city: 'Columbus', county: 'Franklin', zip: '43215' }, { city: 'Cleveland', county: 'Cuyahoga', zip: '44114' },
    { city: 'Cincinnati', county: 'Hamilton', zip: '45202' } ] },
  { code: 'GA', weight: 5, areaCodes: ['404', '912', '706'], towns: [
    { city: 'Atlanta', county: 'Fulton', zip: '30303' }, { city: 'Savannah', county: 'Chatham', zip: '31401' },
    { city: 'Athens', county: 'Clarke', zip: '30601' } ] },
  { code: 'NC', weight: 5, areaCodes: ['704', '919', '828'], towns: [
    { city: 'Charlotte', county: 'Mecklenburg', zip: '28202' }, { city: 'Raleigh', county: 'Wake', zip: '27601' },
    { city: 'Asheville', county: 'Buncombe', zip: '28801' } ] },
  { code: 'MI', weight: 4, areaCodes: ['313', '616', '517'], towns: [
    { city: 'Detroit', county: 'Wayne', zip: '48226' }, { city: 'Grand Rapids', county: 'Kent', zip: '49503' },
    { city: 'Lansing', county: 'Ingham', zip: '48933' } ] },
  { code: 'IL', weight: 4, areaCodes: ['312', '217', '309'], towns: [
    { city: 'Chicago', county: 'Cook', zip: '60601' }, { city: 'Springfield', county: 'Sangamon', zip: '62701' },
    { city: 'Peoria', county: 'Peoria', zip: '61602' } ] },
  { code: 'NJ', weight: 3, areaCodes: ['201', '609', '732'], towns: [
    { city: 'Jersey City', county: 'Hudson', zip: '07302' }, { city: 'Trenton', county: 'Mercer', zip: '08608' },
    { city: 'Toms River', county: 'Ocean', zip: '08753' } ] },
  { code: 'SC', weight: 3, areaCodes: ['843', '803'], towns: [
    { city: 'Charleston', county: 'Charleston', zip: '29401' }, { city: 'Myrtle Beach', county: 'Horry', zip: '29577' } ] },
  { code: 'TN', weight: 3, areaCodes: ['615', '901', '865'], towns: [
    { city: 'Nashville', county: 'Davidson', zip: '37203' }, { city: 'Memphis', county: 'Shelby', zip: '38103' },
    { city: 'Knoxville', county: 'Knox', zip: '37902' } ] },
  { code: 'CO', weight: 3, areaCodes: ['303', '719'], towns: [
    { city: 'Denver', county: 'Denver', zip: '80202' }, { city: 'Colorado Springs', county: 'El Paso', zip: '80903' } ] },
  { code: 'WA', weight: 3, areaCodes: ['206', '509'], towns: [
    { city: 'Seattle', county: 'King', zip: '98101' }, { city: 'Spokane', county: 'Spokane', zip: '99201' } ] },
  { code: 'NV', weight: 2, areaCodes: ['702', '775'], towns: [
    { city: 'Las Vegas', county: 'Clark', zip: '89101' }, { city: 'Reno', county: 'Washoe', zip: '89501' } ] },
  { code: 'MN', weight: 2, areaCodes: ['612', '651'], towns: [
    { city: 'Minneapolis', county: 'Hennepin', zip: '55401' }, { city: 'Saint Paul', county: 'Ramsey', zip: '55102' } ] },
];

export interface Address {
  line1: string;
  city: string;
  county: string;
  state: string;
  zip: string;
  areaCode: string;
}

export function address(rng: Rng): Address {
  const state = rng.weighted(states.map((s) => [s, s.weight] as const));
  const town = rng.pick(state.towns);
  const unit = rng.chance(0.12) ? ` Apt ${rng.int(1, 40)}${rng.pick(['', 'A', 'B'])}` : '';
  return {
    line1: `${rng.int(10, 9899)} ${rng.pick(streetNames)} ${rng.pick(streetTypes)}${unit}`,
    city: town.city,
    county: town.county,
    state: state.code,
    zip: town.zip,
    areaCode: rng.pick(state.areaCodes),
  };
}

export type Gender = 'female' | 'male';

export function firstName(rng: Rng, gender: Gender, generation: 'senior' | 'adult' | 'child'): string {
  const names = gender === 'female' ? femaleNames : maleNames;
  // The lists run roughly oldest to youngest in thirds; lean each generation towards its third.
  const third = Math.floor(names.length / 3);
  const start = generation === 'senior' ? 0 : generation === 'adult' ? third : 2 * third;
  return rng.chance(0.75) ? names[start + rng.int(0, third - 1)]! : rng.pick(names);
}

export const middleName = (rng: Rng) => (rng.chance(0.35) ? rng.pick(middleInitials) : null);

/** A fictional phone number: the 555-0100..0199 block is reserved for fiction. */
export const phone = (rng: Rng, areaCode: string) => `(${areaCode}) 555-01${rng.digits(2)}`;

const mailDomains = ['example.com', 'example.net', 'example.org'] as const;
const mailSafe = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
export function email(rng: Rng, first: string, last: string): string {
  const style = rng.int(0, 3);
  const local =
    style === 0 ? `${mailSafe(first)}.${mailSafe(last)}`
    : style === 1 ? `${mailSafe(first)[0]}${mailSafe(last)}${rng.int(1, 99)}`
    : style === 2 ? `${mailSafe(first)}${mailSafe(last)}${rng.int(40, 99)}`
    : `${mailSafe(last)}.${mailSafe(first)}`;
  return `${local}@${rng.pick(mailDomains)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A date of birth for someone aged `minAge`..`maxAge` in REFERENCE_YEAR. */
export function dateOfBirth(rng: Rng, minAge: number, maxAge: number): string {
  const year = REFERENCE_YEAR - rng.int(minAge, maxAge);
  const month = rng.int(1, 12);
  return `${year}-${pad(month)}-${pad(rng.int(1, daysIn(year, month)))}`;
}

export const ageOf = (dob: string) => REFERENCE_YEAR - Number(dob.slice(0, 4));

/** Medicare Part A/B start: the first of the month one turns 65 (for those who are 65+). */
export function medicareStart(dob: string): string {
  return `${Number(dob.slice(0, 4)) + 65}-${dob.slice(5, 7)}-01`;
}

/** A date between two years, on the first of a month (policies start on the 1st). */
export function firstOfMonth(rng: Rng, fromYear: number, toYear: number): string {
  return `${rng.int(fromYear, toYear)}-${pad(rng.int(1, 12))}-01`;
}

export const addYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

// MBI alphabet: no S, L, O, I, B, Z.
const mbiLetters = 'ACDEFGHJKMNPQRTUVWXY';
const mbiAlnum = `${mbiLetters}0123456789`;

/** A Medicare Beneficiary Identifier in the CMS format, e.g. 1EG4-TE5-MK73. */
export function mbi(rng: Rng): string {
  const L = () => mbiLetters[rng.int(0, mbiLetters.length - 1)]!;
  const A = () => mbiAlnum[rng.int(0, mbiAlnum.length - 1)]!;
  const D = () => String(rng.int(0, 9));
  const chars = [String(rng.int(1, 9)), L(), A(), D(), L(), A(), D(), L(), L(), D(), D()].join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 7)}-${chars.slice(7)}`;
}

/** An SSN-like number our validator accepts, from the never-assigned 734-749 area block. */
export function ssn(rng: Rng): string {
  return `${rng.int(734, 749)}-${pad(rng.int(1, 99))}-${String(rng.int(1, 9999)).padStart(4, '0')}`;
}

export const driversLicense = (rng: Rng, state: string) => `${state[0]}${rng.digits(3)}-${rng.digits(4)}-${rng.digits(4)}`;

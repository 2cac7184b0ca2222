/**
 * Values for fields whose documented schema says nothing: the services parse them with zod
 * transforms and refinements that JSON Schema cannot express (a premium like "$1,234.00", an
 * MBI in the CMS format), so the documents print `{}`. Without a hint the generator could only
 * guess, and almost every "conforming" request would stop at validation instead of reaching the
 * handler. Where a name has samples they stand for the field's conforming values.
 */
export const openFieldSamples: Record<string, unknown[]> = {
  // The largest amount the schema allows (10 digits, 2 decimals) must fit the column too.
  premium: ['0', '129.50', 88, '9999999999.99'],
  value: ['1740.00', '0', null, '9999999999.99'],
  mbi: ['1EG4-TE5-MK73', '3eh7rk2wn41', null],
  ssn: ['123-45-6789', '123456789', null],
  zip: ['33139', '33139-1234', null],
  confirm: ['true', 'false'],
  // The pattern admits "((((((("; the service also wants enough digits.
  phone: ['+1 305 555 0100', '305-555-0100', null],
  cellPhone: ['+1 305 555 0100', '(305) 555-0101', null],
  homePhone: ['305.555.0102', null],
  // Opaque: only a value a page gave is valid, so a conforming request leaves it out (null).
  cursor: [null],
  // An opaque cursor (any value but one a page gave is refused); a date-time is documented to work.
  before: ['2030-01-01T00:00:00Z', '2000-01-01T00:00:00.000Z'],
};

/** Custom fields the fixture defines, so generated `customFields` name real ones (keys and values that fit). */
export const seededCustomFields = [
  { key: 'note', label: 'Note', type: 'text', options: [] },
  { key: 'preferred_language', label: 'Preferred language', type: 'dropdown', options: ['English', 'Spanish'] },
  { key: 'score', label: 'Score', type: 'number', options: [] },
  { key: 'renewal_call', label: 'Renewal call', type: 'date', options: [] },
] as const;

openFieldSamples.customFields = [{}, { note: 'prefers mornings' }, { preferred_language: 'Spanish', score: 7 }, { renewal_call: '2026-03-01' }];

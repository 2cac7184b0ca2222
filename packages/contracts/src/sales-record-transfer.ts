import { z } from 'zod';

/**
 * The internal transfers of mass sales-record creation (SR-2, SR-4) from the account service,
 * which owns the individuals and their search (SR-1), to the sales service. Rows travel service
 * to service inside a request or an activity, never through Temporal; protected fields (`*_enc`)
 * are ciphertext, copied as they are (both services hold the field keys).
 */

/**
 * POST, body `{ criteria } | { savedSearchId }`: the ids of every individual that matches, one per
 * line (text/plain), streamed from one consistent read. A saved search's name comes back in the
 * `agencyflow-saved-search-name` header (URL-encoded). 400 for bad criteria, 404 for no such saved search.
 */
export const individualMatchesPath = '/internal/individuals/matches';
export const savedSearchNameHeader = 'agencyflow-saved-search-name';
/** The last line of a complete list of matches: a body cut off before it is not a list. */
export const individualMatchesEndMark = '#end';

/** POST, body `{ ids }` (at most MAX_SALES_RECORD_SOURCE_IDS): the SR-4 fields of those individuals as COPY text, in these columns. */
export const salesRecordSourcesPath = '/internal/individuals/sales-record-sources';
export const MAX_SALES_RECORD_SOURCE_IDS = 5000;

/**
 * The columns of a sales-record source row (SR-4), in order, with their PostgreSQL types: the
 * account service selects them, the sales service COPYs them into a temporary table. Custom
 * fields hold only the carried types (not number, currency, percent, checkbox, checkbox list);
 * `assignee_user_id` is the user the individual's servicing agent is linked to.
 */
export const salesRecordSourceColumns = [
  ['individual_id', 'uuid'],
  ['first_name', 'text'],
  ['middle_name', 'text'],
  ['last_name', 'text'],
  ['nickname', 'text'],
  ['title', 'text'],
  ['record_status', 'text'],
  ['secondary_email', 'text'],
  ['cell_phone', 'text'],
  ['home_phone', 'text'],
  ['address_type', 'text'],
  ['address_line1', 'text'],
  ['city', 'text'],
  ['county', 'text'],
  ['zip', 'text'],
  ['state', 'text'],
  ['gender', 'text'],
  ['date_of_birth_enc', 'text'],
  ['lead_source', 'text'],
  ['mbi_enc', 'text'],
  ['medicare_part_a_effective_date', 'date'],
  ['medicare_part_b_effective_date', 'date'],
  ['ssn_enc', 'text'],
  ['drivers_license_number_enc', 'text'],
  ['smoker_status', 'text'],
  ['custom_fields', 'jsonb'],
  ['assignee_user_id', 'text'],
] as const;

export type SalesRecordSourceColumn = (typeof salesRecordSourceColumns)[number][0];

/**
 * SR-7 Convert to Individual: POST, body IndividualMerge, with a service token carrying
 * `individuals:merge`. The account service merges the sales record's values into its individual
 * by the rule of decision 0030 (values edited on the sales record after it was made win; a blank
 * never overwrites) and answers which fields it merged. Protected values are ciphertext, copied
 * as they are. The individual is never deleted; 404 when it is gone.
 */
export const individualMergePath = '/internal/individuals/merge-from-sales-record';

/** The individual's fields a sales record can give back (SR-4's carried fields, by their API names). */
export const mergeableIndividualFields = [
  'firstName',
  'middleName',
  'lastName',
  'nickname',
  'title',
  'recordStatus',
  'secondaryEmail',
  'cellPhone',
  'homePhone',
  'addressType',
  'addressLine1',
  'city',
  'county',
  'zip',
  'state',
  'gender',
  'dateOfBirth',
  'leadSource',
  'mbi',
  'medicarePartAEffectiveDate',
  'medicarePartBEffectiveDate',
  'ssn',
  'driversLicenseNumber',
  'smokerStatus',
  'customFields',
] as const;
export type MergeableIndividualField = (typeof mergeableIndividualFields)[number];

/** Protected among them: their values travel as ciphertext. */
export const protectedMergeableFields: readonly MergeableIndividualField[] = ['dateOfBirth', 'mbi', 'ssn', 'driversLicenseNumber'];

export const individualMerge = z.strictObject({
  individualId: z.uuid(),
  salesRecordId: z.uuid(),
  /** Who converted (recorded as the change's author). */
  mergedBy: z.string().min(1).max(200),
  /** The sales record's values (protected ones as ciphertext). */
  values: z.partialRecord(z.enum(mergeableIndividualFields), z.union([z.string().max(20_000), z.record(z.string(), z.unknown())]).nullable()),
  /** The fields users changed on the sales record after it was made. */
  editedFields: z.array(z.enum(mergeableIndividualFields)).max(mergeableIndividualFields.length),
});
export type IndividualMerge = z.infer<typeof individualMerge>;

export const individualMergeResult = z.object({
  individualId: z.uuid(),
  /** Fields the individual took from the sales record. */
  merged: z.array(z.enum(mergeableIndividualFields)),
});
export type IndividualMergeResult = z.infer<typeof individualMergeResult>;

import { mergeableIndividualFields, type IndividualMerge, type MergeableIndividualField } from '@agencyflow/contracts';

/**
 * SR-7 which values win when a sales record is converted back into its individual (decision 0030):
 * - a field users changed on the sales record after it was made takes the sales record's value:
 *   the conversion is that user's act of bringing their work back;
 * - a field nobody changed there holds what the individual had when the record was made: the
 *   individual keeps its own (possibly newer) value;
 * - a blank (null, empty text, no custom field) never overwrites anything;
 * - custom fields merge key by key: an edited record's non-blank keys of the carried custom
 *   fields (SR-4, those the tenant defines) replace the individual's, its other keys stay.
 */
export interface MergePlan {
  /** The individual's new values (API field names; protected ones as the ciphertext given). */
  values: Partial<Record<MergeableIndividualField, unknown>>;
  merged: MergeableIndividualField[];
}

const blank = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

export function planSalesRecordMerge(
  merge: Pick<IndividualMerge, 'values' | 'editedFields'>,
  current: { customFields: Record<string, unknown>; carriedKeys: ReadonlySet<string> },
): MergePlan {
  const edited = new Set(merge.editedFields);
  const plan: MergePlan = { values: {}, merged: [] };
  for (const field of mergeableIndividualFields) {
    const value = merge.values[field];
    if (!edited.has(field) || blank(value)) continue;
    if (field === 'customFields') {
      const given = Object.entries(value as Record<string, unknown>).filter(([key, v]) => current.carriedKeys.has(key) && !blank(v));
      if (given.length === 0) continue;
      plan.values.customFields = { ...current.customFields, ...Object.fromEntries(given) };
    } else {
      plan.values[field] = value;
    }
    plan.merged.push(field);
  }
  return plan;
}

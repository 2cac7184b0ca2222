/** The types a tenant can give its contacts' custom fields. */
export const customFieldTypes = ['text', 'date', 'dropdown', 'number', 'currency', 'percent', 'checkbox', 'checkbox-list'] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];

export interface CustomFieldDefinition {
  key: string;
  type: CustomFieldType;
  options: string[];
}

const isDate = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));
const isNumeric = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

const checks: Record<CustomFieldType, (value: unknown, options: string[]) => boolean> = {
  text: (v) => typeof v === 'string' && v.length <= 2000,
  date: isDate,
  dropdown: (v, options) => typeof v === 'string' && options.includes(v),
  number: isNumeric,
  currency: (v) => isNumeric(v) && Math.round((v as number) * 100) === (v as number) * 100,
  percent: (v) => isNumeric(v) && (v as number) >= 0 && (v as number) <= 100,
  checkbox: (v) => typeof v === 'boolean',
  'checkbox-list': (v, options) => Array.isArray(v) && v.every((item) => typeof item === 'string' && options.includes(item)),
};

/** Checks custom field values against the tenant's typed definitions; returns one error per bad key. */
export function validateCustomFields(values: Record<string, unknown>, definitions: CustomFieldDefinition[]) {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const errors: Array<{ path: string; message: string }> = [];
  for (const [key, value] of Object.entries(values)) {
    const definition = byKey.get(key);
    if (!definition) errors.push({ path: `body.customFields.${key}`, message: 'no custom field with this key' });
    else if (value !== null && !checks[definition.type](value, definition.options)) {
      errors.push({ path: `body.customFields.${key}`, message: `not a valid ${definition.type} value` });
    }
  }
  return errors;
}

/**
 * SR-4: the custom field types a mass-created sales record carries over from its individual.
 * Numbers, currencies, percentages, checkboxes and checkbox lists stay behind (the sales record
 * types have no such fields to receive them).
 */
export const salesRecordCarriedTypes: readonly CustomFieldType[] = customFieldTypes.filter(
  (type) => !(['number', 'currency', 'percent', 'checkbox', 'checkbox-list'] as const).some((left) => left === type),
);

import { z } from 'zod';
import {
  calendarDateSchema,
  contactRelationSchema,
  emailSchema,
  mbiSchema,
  phoneSchema,
  ssnSchema,
  usStateSchema,
} from '@agencyflow/contracts';

const text = (max = 200) => z.string().trim().min(1).max(max);
const pastDate = calendarDateSchema.refine((v) => v <= new Date().toISOString().slice(0, 10), 'date of birth is in the future');

/**
 * Every field of a contact (SR-4's standard fields), as requests give them; null clears a field
 * on update. Parsed bodies are the input of the contact commands (ContactFieldsInput).
 */
const contactFieldShape = {
  middleName: text(100).nullable(),
  nickname: text(100).nullable(),
  title: text(100).nullable(),
  recordStatus: z.enum(['active', 'inactive', 'deceased', 'do-not-contact']),
  email: emailSchema.nullable(),
  secondaryEmail: emailSchema.nullable(),
  cellPhone: phoneSchema.nullable(),
  homePhone: phoneSchema.nullable(),
  addressType: z.enum(['home', 'mailing', 'business', 'other']).nullable(),
  addressLine1: text().nullable(),
  addressLine2: text().nullable(),
  city: text(100).nullable(),
  county: text(100).nullable(),
  zip: z.string().trim().regex(/^\d{5}(-\d{4})?$/, 'zip is 5 digits or ZIP+4').nullable(),
  state: usStateSchema.nullable(),
  gender: z.enum(['female', 'male', 'non-binary', 'unknown']).nullable(),
  dateOfBirth: pastDate.nullable(),
  leadSource: text(100).nullable(),
  mbi: mbiSchema.nullable(),
  medicarePartAEffectiveDate: calendarDateSchema.nullable(),
  medicarePartBEffectiveDate: calendarDateSchema.nullable(),
  ssn: ssnSchema.nullable(),
  driversLicenseNumber: z.string().trim().regex(/^[A-Za-z0-9-]{4,20}$/, 'licence number is 4-20 letters, digits or dashes').nullable(),
  smokerStatus: z.enum(['smoker', 'non-smoker', 'unknown']).nullable(),
  customFields: z.record(z.string(), z.unknown()),
  servicingAgentId: z.uuid().nullable(),
  relation: contactRelationSchema.nullable(),
};

export const createContactBody = z
  .strictObject({ firstName: text(100), lastName: text(100), ...contactFieldShape })
  .partial()
  .required({ firstName: true, lastName: true })
  .meta({
    example: {
      firstName: 'Maria',
      lastName: 'Rivera',
      email: 'maria.rivera@example.com',
      cellPhone: '+1 305 555 0142',
      dateOfBirth: '1954-03-18',
      mbi: '1EG4-TE5-MK73',
      state: 'FL',
    },
  });

export const updateContactBody = z
  .strictObject({ firstName: text(100), lastName: text(100), ...contactFieldShape })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change')
  .meta({ example: { relation: 'spouse', cellPhone: '+1 305 555 0199' } });

export const contactIdParams = z.strictObject({ contactId: z.uuid() });

export const deleteContactQuery = z.strictObject({
  confirm: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  newPrimaryContactId: z.uuid().optional(),
});

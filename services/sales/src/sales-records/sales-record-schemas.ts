import { z } from 'zod';
import { calendarDateSchema, mbiSchema, ssnSchema, usStateSchema } from '@agencyflow/contracts';

const text = (max = 200) => z.string().trim().max(max).nullable();

/** A user's change to a sales record: any of its own fields; null clears one (names cannot be cleared). */
export const updateSalesRecordBody = z
  .strictObject({
    firstName: z.string().trim().min(1).max(200).optional(),
    middleName: text().optional(),
    lastName: z.string().trim().min(1).max(200).optional(),
    nickname: text().optional(),
    title: text().optional(),
    recordStatus: text(50).optional(),
    secondaryEmail: text(254).optional(),
    cellPhone: text(50).optional(),
    homePhone: text(50).optional(),
    addressType: text(50).optional(),
    addressLine1: text().optional(),
    city: text().optional(),
    county: text().optional(),
    zip: text(10).optional(),
    state: usStateSchema.nullable().optional(),
    gender: text(20).optional(),
    dateOfBirth: calendarDateSchema.nullable().optional(),
    leadSource: text().optional(),
    mbi: mbiSchema.nullable().optional(),
    medicarePartAEffectiveDate: calendarDateSchema.nullable().optional(),
    medicarePartBEffectiveDate: calendarDateSchema.nullable().optional(),
    ssn: ssnSchema.nullable().optional(),
    driversLicenseNumber: text(50).optional(),
    smokerStatus: text(50).optional(),
    assigneeUserId: text().optional(),
    customFields: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,62}$/), z.unknown()).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change')
  .meta({ example: { nickname: 'Bob', cellPhone: '+15125550100' } });

export const salesRecordIdParams = z.strictObject({ salesRecordId: z.uuid() });

export const listSalesRecordsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The previous page's `nextBefore`. */
  before: z.string().max(200).optional(),
});

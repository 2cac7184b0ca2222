import { z } from 'zod';
import { mergeableIndividualFields } from '@agencyflow/contracts';
import type { FieldCipher } from '@agencyflow/protected-data';
import { revealOrMask } from '@agencyflow/protected-data';
import type { SalesRecordRow } from '../db/sales-record-store';
import { protectedSalesRecordFields, type ProtectedSalesRecordField } from '../domain/sales-record-fields';

const text = z.string().nullable();
const at = z.iso.datetime();

/** A sales record as answered (every column but the tenant; protected fields revealed or masked). */
export const salesRecordView = z.strictObject({
  id: z.uuid(),
  salesRecordTypeId: z.uuid(),
  individualId: z.uuid().nullable(),
  runId: z.uuid().nullable(),
  assigneeUserId: text,
  firstName: z.string(),
  middleName: text,
  lastName: z.string(),
  nickname: text,
  title: text,
  recordStatus: text,
  secondaryEmail: text,
  cellPhone: text,
  homePhone: text,
  addressType: text,
  addressLine1: text,
  city: text,
  county: text,
  zip: text,
  state: text,
  gender: text,
  dateOfBirth: text.meta({ description: 'Protected: masked without protected-data:view' }),
  leadSource: text,
  mbi: text.meta({ description: 'Protected: masked without protected-data:view' }),
  medicarePartAEffectiveDate: z.iso.date().nullable(),
  medicarePartBEffectiveDate: z.iso.date().nullable(),
  ssn: text.meta({ description: 'Protected: masked without protected-data:view' }),
  driversLicenseNumber: text.meta({ description: 'Protected: masked without protected-data:view' }),
  smokerStatus: text,
  stage: text.meta({ description: 'SR-5: the stage a sales workflow’s stage step set' }),
  customFields: z.record(z.string(), z.unknown()),
  editedFields: z.array(z.string()).meta({ description: 'SR-7: the fields users changed after the record was made' }),
  convertedAt: at.nullable(),
  convertedBy: text,
  revision: z.number().int(),
  createdBy: z.string(),
  createdAt: at,
  updatedAt: at,
  /** Protected fields whose ciphertext this service cannot read (answered as null). */
  unreadableFields: z.array(z.enum(Object.keys(protectedSalesRecordFields) as [ProtectedSalesRecordField, ...ProtectedSalesRecordField[]])).optional(),
});
export type SalesRecordView = z.infer<typeof salesRecordView>;

const time = z.iso.datetime().nullable();

/** SR-5: the record's place in its sales workflow (null: it runs none). */
export const recordWorkflowView = z
  .strictObject({
    salesWorkflowId: z.uuid(),
    cohortId: z.uuid(),
    workflowId: z.string(),
    state: z.string(),
    stepCount: z.number().int(),
    currentStep: z.strictObject({ index: z.number().int(), kind: z.string() }).nullable(),
    waitUntil: time,
    history: z.array(z.strictObject({ step: z.number().int(), kind: z.string(), outcome: z.string(), detail: z.string().nullable(), startedAt: time, finishedAt: time })),
    tasks: z.array(z.strictObject({ id: z.uuid(), step: z.number().int(), title: z.string(), dueAt: time, assigneeUserId: z.string().nullable() })),
  })
  .nullable();

export const salesRecordWithWorkflowView = salesRecordView.extend({ salesWorkflow: recordWorkflowView });
export const convertedSalesRecordView = salesRecordView.extend({ mergedFields: z.array(z.enum(mergeableIndividualFields)) });
export const salesRecordPageView = z.strictObject({ items: z.array(salesRecordView), nextBefore: z.string().nullable() });

/** A sales record as answered: protected fields decrypted for those who may see them, masked otherwise. */
export function toSalesRecordView(row: SalesRecordRow, cipher: FieldCipher, mayViewProtected: boolean): SalesRecordView {
  const unreadableFields: ProtectedSalesRecordField[] = [];
  const reveal = (field: ProtectedSalesRecordField) => {
    const value = cipher.decryptIfReadable(row[field]);
    if (value === undefined) unreadableFields.push(field);
    return revealOrMask(protectedSalesRecordFields[field], value ?? null, mayViewProtected);
  };
  // Every column as it is, but the tenant (implied by the caller) and the protected fields (revealed or masked).
  const { tenantId: _tenant, ssn: _ssn, dateOfBirth: _dateOfBirth, mbi: _mbi, driversLicenseNumber: _licence, ...plain } = row;
  return {
    ...plain,
    dateOfBirth: reveal('dateOfBirth'),
    mbi: reveal('mbi'),
    ssn: reveal('ssn'),
    driversLicenseNumber: reveal('driversLicenseNumber'),
    convertedAt: row.convertedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(unreadableFields.length > 0 ? { unreadableFields } : {}),
  };
}

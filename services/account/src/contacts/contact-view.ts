import { z } from 'zod';
import { accountStatuses, contactRelationSchema, contactRoles } from '@agencyflow/contracts';
import type { FieldCipher, ProtectedFieldKind } from '@agencyflow/protected-data';
import { revealOrMask } from '@agencyflow/protected-data';
import type { ContactRow } from '../db/account-store';

const protectedContactFields = ['ssn', 'dateOfBirth', 'mbi', 'driversLicenseNumber'] as const;
type ProtectedContactField = (typeof protectedContactFields)[number];

/** The protected fields: encrypted at rest, masked in answers without protected-data:view. */
const kinds: Record<ProtectedContactField, ProtectedFieldKind> = {
  ssn: 'ssn',
  dateOfBirth: 'dateOfBirth',
  mbi: 'mbi',
  driversLicenseNumber: 'licence',
};

const text = z.string().nullable();
const masked = text.meta({ description: 'Protected: masked without protected-data:view' });
const day = z.iso.date().nullable();

/** A contact as answered (every field a user sees; protected ones revealed or masked). */
export const contactView = z.strictObject({
  id: z.uuid(),
  accountId: z.uuid(),
  role: z.enum(contactRoles).meta({ description: 'ACC-1: one primary per account, the others secondary' }),
  label: z.enum(['Primary', 'Secondary']),
  relation: contactRelationSchema.nullable().meta({ description: 'ACC-2: a secondary’s relation to the primary' }),
  status: z.enum(accountStatuses).meta({ description: 'ACC-8: always the account’s status' }),
  source: z.enum(['crm', 'ams', 'policy-sync']),
  firstName: z.string(),
  middleName: text,
  lastName: z.string(),
  nickname: text,
  title: text,
  recordStatus: z.string(),
  email: text,
  secondaryEmail: text,
  cellPhone: text,
  homePhone: text,
  addressType: text,
  addressLine1: text,
  addressLine2: text,
  city: text,
  county: text,
  zip: text,
  state: text,
  gender: text,
  dateOfBirth: masked,
  leadSource: text,
  mbi: masked,
  medicarePartAEffectiveDate: day,
  medicarePartBEffectiveDate: day,
  ssn: masked,
  driversLicenseNumber: masked,
  smokerStatus: text,
  customFields: z.record(z.string(), z.unknown()),
  servicingAgentId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  unreadableFields: z.array(z.enum(protectedContactFields)).meta({ description: 'Protected fields whose key has left the ring (answered as null)' }),
});
export type ContactView = z.infer<typeof contactView>;

export const contactListView = z.strictObject({ items: z.array(contactView) });

/**
 * A contact as answered over HTTP: protected fields decrypted for those who may see them, masked
 * otherwise. A field whose key has left the ring reads null and is listed in `unreadableFields`.
 */
export function toContactView(row: ContactRow, cipher: FieldCipher, mayViewProtected: boolean): ContactView {
  const unreadableFields: ProtectedContactField[] = [];
  const reveal = (field: ProtectedContactField) => {
    const value = cipher.decryptIfReadable(row[field]);
    if (value === undefined) unreadableFields.push(field);
    return revealOrMask(kinds[field], value ?? null, mayViewProtected);
  };
  return {
    id: row.id,
    accountId: row.accountId,
    role: row.role,
    label: row.role === 'primary' ? 'Primary' : 'Secondary',
    relation: row.relation,
    status: row.status,
    source: row.source,
    firstName: row.firstName,
    middleName: row.middleName,
    lastName: row.lastName,
    nickname: row.nickname,
    title: row.title,
    recordStatus: row.recordStatus,
    email: row.email,
    secondaryEmail: row.secondaryEmail,
    cellPhone: row.cellPhone,
    homePhone: row.homePhone,
    addressType: row.addressType,
    addressLine1: row.addressLine1,
    addressLine2: row.addressLine2,
    city: row.city,
    county: row.county,
    zip: row.zip,
    state: row.state,
    gender: row.gender,
    dateOfBirth: reveal('dateOfBirth'),
    leadSource: row.leadSource,
    mbi: reveal('mbi'),
    medicarePartAEffectiveDate: row.medicarePartAEffectiveDate,
    medicarePartBEffectiveDate: row.medicarePartBEffectiveDate,
    ssn: reveal('ssn'),
    driversLicenseNumber: reveal('driversLicenseNumber'),
    smokerStatus: row.smokerStatus,
    customFields: row.customFields,
    servicingAgentId: row.servicingAgentId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    unreadableFields,
  };
}


import type { FieldCipher, ProtectedFieldKind } from '@agencyflow/protected-data';
import { revealOrMask } from '@agencyflow/protected-data';
import type { ContactRow } from '../db/account-store';

/** The protected fields: encrypted at rest, masked in answers without protected-data:view. */
const kinds: Record<'ssn' | 'dateOfBirth' | 'mbi' | 'driversLicenseNumber', ProtectedFieldKind> = {
  ssn: 'ssn',
  dateOfBirth: 'dateOfBirth',
  mbi: 'mbi',
  driversLicenseNumber: 'licence',
};

/**
 * A contact as answered over HTTP: protected fields decrypted for those who may see them, masked
 * otherwise. A field whose key has left the ring reads null and is listed in `unreadableFields`.
 */
export function toContactView(row: ContactRow, cipher: FieldCipher, mayViewProtected: boolean) {
  const unreadableFields: Array<keyof typeof kinds> = [];
  const reveal = (field: keyof typeof kinds) => {
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


import type { FieldCipher } from '@agencyflow/protected-data';
import { revealOrMask } from '@agencyflow/protected-data';
import type { SalesRecordRow } from '../db/sales-record-store';
import { protectedSalesRecordFields, type ProtectedSalesRecordField } from '../domain/sales-record-fields';

/** A sales record as answered: protected fields decrypted for those who may see them, masked otherwise. */
export function toSalesRecordView(row: SalesRecordRow, cipher: FieldCipher, mayViewProtected: boolean) {
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
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(unreadableFields.length > 0 ? { unreadableFields } : {}),
  };
}

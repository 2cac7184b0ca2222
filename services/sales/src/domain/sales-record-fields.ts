import type { ProtectedFieldKind } from '@agencyflow/protected-data';

/**
 * The protected fields of a sales record, as the contact's: ciphertext at rest (copied as
 * it was from the individual), masked in answers without protected-data:view.
 */
export const protectedSalesRecordFields = {
  ssn: 'ssn',
  dateOfBirth: 'dateOfBirth',
  mbi: 'mbi',
  driversLicenseNumber: 'licence',
} as const satisfies Record<string, ProtectedFieldKind>;
export type ProtectedSalesRecordField = keyof typeof protectedSalesRecordFields;

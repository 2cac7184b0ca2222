import type { ServiceDeps } from '@agencyflow/service-kit';

/** The service's cipher for protected fields and document contents at rest. */
export type FieldCipher = ServiceDeps['fieldCipher'];

/** A tax id as answers and history show it: its last four digits only (X-4: never in clear). */
export const maskTaxId = (taxId: string | null): string | null => (taxId === null ? null : `*****${taxId.replace(/\D/g, '').slice(-4)}`);

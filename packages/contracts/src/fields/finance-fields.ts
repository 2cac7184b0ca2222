import { z } from 'zod';

/**
 * FIN-1 program statuses: draft -> quoted -> pending-signature -> active -> paid-off, or cancelled.
 * An active program is a signed premium finance agreement (PFA). The allowed transitions are the
 * finance service's rule (domain/program-lifecycle.ts, decision 0028).
 */
export const programStatuses = ['draft', 'quoted', 'pending-signature', 'active', 'paid-off', 'cancelled'] as const;
export type ProgramStatus = (typeof programStatuses)[number];
export const programStatusSchema = z.enum(programStatuses);

/** FIN-1 the roles a contact has on a program; exactly one signer per program. */
export const programContactRoles = ['signer', 'billing', 'agent-contact', 'other'] as const;
export type ProgramContactRole = (typeof programContactRoles)[number];
export const programContactRoleSchema = z.enum(programContactRoles);

/** FIN-2 third-party documents that can verify an insured's address. */
export const verificationDocumentTypes = ['utility-bill', 'tax-document', 'photo-id', 'cable-bill', 'bank-statement', 'insurance-declaration', 'lease-or-mortgage'] as const;
export type VerificationDocumentType = (typeof verificationDocumentTypes)[number];
export const verificationDocumentTypeSchema = z.enum(verificationDocumentTypes);

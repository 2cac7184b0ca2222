import { z } from 'zod';

/** ACC-6 account statuses; contacts carry their account's status (ACC-8). */
export const accountStatuses = ['prospect', 'active', 'inactive'] as const;
export type AccountStatus = (typeof accountStatuses)[number];
export const accountStatusSchema = z.enum(accountStatuses);

export const contactRoles = ['primary', 'secondary'] as const;
export type ContactRole = (typeof contactRoles)[number];

/** ACC-2 relation of a secondary contact to its account. */
export const contactRelations = ['spouse', 'child', 'parent', 'dependent', 'business-partner', 'employee', 'other'] as const;
export type ContactRelation = (typeof contactRelations)[number];
export const contactRelationSchema = z.enum(contactRelations);

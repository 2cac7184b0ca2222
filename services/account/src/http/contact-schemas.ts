import { z } from 'zod';

export { createContactBody, updateContactBody, type CreateContactInput, type UpdateContactInput } from '../use-cases/contact-input';

export const contactIdParams = z.strictObject({ contactId: z.uuid() });

export const deleteContactQuery = z.strictObject({
  confirm: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  newPrimaryContactId: z.uuid().optional(),
});

/** The protected fields: encrypted at rest, masked in answers without protected-data:view. */
export const protectedContactFields = ['ssn', 'dateOfBirth', 'mbi', 'driversLicenseNumber'] as const;

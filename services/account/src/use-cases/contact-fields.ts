import { and, eq } from 'drizzle-orm';
import type { FieldCipher } from '@agencyflow/protected-data';
import { customFieldDefinitions, servicingAgents, type contacts } from '../db/schema';
import type { Executor } from '../db/executor';
import { validateCustomFields } from '../domain/custom-fields';
import type { UpdateContactInput } from './contact-input';

type ContactColumns = Partial<typeof contacts.$inferInsert>;

const protectedFields = ['ssn', 'dateOfBirth', 'mbi', 'driversLicenseNumber'] as const;

/**
 * Turns validated contact input into column values: protected fields encrypted, custom
 * fields checked against the tenant's definitions, the servicing agent checked to be the
 * tenant's. Returns field errors instead of throwing, so callers answer 422 and write nothing.
 */
export async function toContactColumns(
  tx: Executor,
  tenantId: string,
  input: UpdateContactInput,
  cipher: FieldCipher,
): Promise<{ columns: ContactColumns; errors: Array<{ path: string; message: string }> }> {
  const errors: Array<{ path: string; message: string }> = [];
  const { customFields, ...fields } = input;
  const columns: ContactColumns = { ...fields } as ContactColumns;

  for (const field of protectedFields) {
    if (field in input) columns[field] = cipher.encryptOptional(input[field]);
  }
  if (customFields) {
    const definitions = await tx.select().from(customFieldDefinitions).where(eq(customFieldDefinitions.tenantId, tenantId));
    errors.push(...validateCustomFields(customFields, definitions));
    columns.customFields = Object.fromEntries(Object.entries(customFields).filter(([, v]) => v !== null));
  }
  if (input.servicingAgentId) {
    const [agent] = await tx
      .select({ id: servicingAgents.id })
      .from(servicingAgents)
      .where(and(eq(servicingAgents.tenantId, tenantId), eq(servicingAgents.id, input.servicingAgentId)));
    if (!agent) errors.push({ path: 'body.servicingAgentId', message: 'no such servicing agent' });
  }
  return { columns, errors };
}

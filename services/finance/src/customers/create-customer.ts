import type { Outcome } from '@agencyflow/contracts';
import type { Database, Executor } from '@agencyflow/db';
import { insertCustomer, type CustomerColumns, type CustomerRow } from '../db/finance-store';
import type { FieldCipher } from '../field-cipher';

/** A customer as requests give it (the create body, parsed). */
export interface CustomerInput {
  name: string;
  email?: string | null;
  phone?: string | null;
  addressLine1: string;
  addressLine2?: string | null;
  city: string;
  state: string;
  zip: string;
  taxId?: string | null;
}

/** The stored columns of a customer input: the tax id sealed, absent fields null. */
export const toCustomerColumns = (input: CustomerInput, cipher: FieldCipher): CustomerColumns => ({
  name: input.name,
  email: input.email ?? null,
  phone: input.phone ?? null,
  addressLine1: input.addressLine1,
  addressLine2: input.addressLine2 ?? null,
  city: input.city,
  state: input.state,
  zip: input.zip,
  taxId: cipher.encryptOptional(input.taxId ?? null),
});

/** A new customer inside the caller's transaction (also FIN-1 and FIN-3 create one in their request). */
export const addCustomer = (tx: Executor, cipher: FieldCipher, command: { tenantId: string; actor: string; input: CustomerInput }): Promise<CustomerRow> =>
  insertCustomer(tx, command.tenantId, toCustomerColumns(command.input, cipher), command.actor);

export async function createCustomer(database: Database, cipher: FieldCipher, command: { tenantId: string; actor: string; input: CustomerInput }): Promise<Outcome<'created', { customer: CustomerRow }>> {
  const customer = await database.db.transaction((tx) => addCustomer(tx, cipher, command));
  return { outcome: 'created', customer };
}

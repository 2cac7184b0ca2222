import { randomBytes } from 'node:crypto';
import type { Outcome, ProgramContactRole } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { insertProgram, lockContact, lockCustomer, type ProgramContactLink, type ProgramRow } from '../db/finance-store';
import { signerRefusal } from '../domain/party-rules';
import { allOrNothing } from '../all-or-nothing';
import type { FieldCipher } from '../field-cipher';
import { addContact, type ContactInput, type EmailTaken } from '../contacts/create-contact';
import { addCustomer, type CustomerInput } from '../customers/create-customer';

export interface CreateProgramInput {
  reference?: string | undefined;
  financed: boolean;
  premium?: string | null | undefined;
  amountFinanced?: string | null | undefined;
  customerId?: string | undefined;
  customer?: CustomerInput | undefined;
  contacts: Array<{ role: ProgramContactRole; contactId?: string | undefined; contact?: ContactInput | undefined }>;
}

export type CreateProgramResult =
  | Outcome<'created', { program: ProgramRow }>
  | Outcome<'invalid', { errors: Array<{ path: string; message: string }> }>
  | Outcome<'reference-taken', { reference: string }>
  | EmailTaken;

/** A readable reference when none is given: PF-<year>-<8 hex>. */
const newReference = () => `PF-${new Date().getUTCFullYear()}-${randomBytes(4).toString('hex').toUpperCase()}`;

/**
 * FIN-1 a program in draft with exactly one customer (existing, or new in the same request) and
 * its contacts in roles, exactly one of them the signer; all in one transaction.
 */
export async function createProgram(database: Database, cipher: FieldCipher, command: { tenantId: string; actor: string; input: CreateProgramInput }): Promise<CreateProgramResult> {
  const { input, tenantId, actor } = command;
  const refusal = signerRefusal(input.contacts.map((c) => c.role));
  if (refusal) return { outcome: 'invalid', errors: [{ path: 'body.contacts', message: refusal }] };
  return allOrNothing(database, async (tx): Promise<CreateProgramResult> => {
    // Shared: an address change of the customer (FIN-2) waits for this program, or this for it.
    const customer = input.customerId ? await lockCustomer(tx, tenantId, input.customerId, 'share') : await addCustomer(tx, cipher, { tenantId, actor, input: input.customer! });
    if (!customer) return { outcome: 'invalid', errors: [{ path: 'body.customerId', message: 'no such customer' }] };

    const links: ProgramContactLink[] = [];
    for (const [index, entry] of input.contacts.entries()) {
      if (entry.contactId) {
        const contact = await lockContact(tx, tenantId, entry.contactId, 'share');
        if (!contact) return { outcome: 'invalid', errors: [{ path: `body.contacts.${index}.contactId`, message: 'no such contact' }] };
        links.push({ contactId: contact.id, role: entry.role });
      } else {
        const added = await addContact(tx, { tenantId, actor, input: entry.contact! });
        if (added.outcome === 'email-taken') return added;
        links.push({ contactId: added.contact.id, role: entry.role });
      }
    }
    const keys = links.map((l) => `${l.contactId}/${l.role}`);
    if (new Set(keys).size !== keys.length) return { outcome: 'invalid', errors: [{ path: 'body.contacts', message: 'a contact is given twice in the same role' }] };

    const reference = input.reference ?? newReference();
    const program = await insertProgram(tx, customer, { reference, financed: input.financed, premium: input.premium ?? null, amountFinanced: input.amountFinanced ?? null, contacts: links }, actor);
    if (!program) return { outcome: 'reference-taken', reference };
    return { outcome: 'created', program };
  }, (result) => result.outcome === 'created');
}

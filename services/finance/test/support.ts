import request from 'supertest';
import type { Sql } from 'postgres';
import type { Express } from 'express';

/** A small client for the finance API, as a user with the given token would call it. */
export function financeApi(app: Express, token: string) {
  const auth = (r: request.Test) => r.set('authorization', `Bearer ${token}`);
  return {
    post: (path: string, body: unknown) => auth(request(app).post(path)).send(body as object),
    patch: (path: string, body: unknown) => auth(request(app).patch(path)).send(body as object),
    put: (path: string, body: unknown) => auth(request(app).put(path)).send(body as object),
    get: (path: string, query: Record<string, string> = {}) => auth(request(app).get(path)).query(query),
    upload: (customerId: string, content: Buffer, query: Record<string, string>) =>
      auth(request(app).post(`/finance/customers/${customerId}/documents`)).query(query).set('content-type', 'application/octet-stream').send(content),
  };
}
export type FinanceApi = ReturnType<typeof financeApi>;

let n = 0;
export const address = (street: string) => ({ addressLine1: street, city: 'Tampa', state: 'FL', zip: '33602' });
export const newCustomer = (name = 'Harbor Marine Supply LLC', street = '12 Dock Street') => ({ name, email: `ap${++n}-${Date.now()}@harbor.example`, ...address(street) });
export const newContact = (firstName = 'Dana', lastName = 'Brooks') => ({ firstName, lastName, email: `${firstName.toLowerCase()}.${++n}.${Date.now()}@harbor.example` });

/** A program through the API: a new or given customer, a new signer unless contacts are given. */
export async function program(api: FinanceApi, options: { financed?: boolean; customerId?: string; contacts?: unknown[] } = {}) {
  const body = {
    financed: options.financed ?? true,
    ...(options.customerId ? { customerId: options.customerId } : { customer: newCustomer() }),
    contacts: options.contacts ?? [{ role: 'signer', contact: newContact() }],
  };
  const res = await api.post('/finance/programs', body);
  if (res.status !== 201) throw new Error(`program: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; customerId: string; status: string; reference: string };
}

export async function moveTo(api: FinanceApi, programId: string, ...statuses: string[]) {
  for (const status of statuses) {
    const res = await api.post(`/finance/programs/${programId}/status`, { status });
    if (res.status !== 200) throw new Error(`status ${status}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

export const activate = (api: FinanceApi, programId: string) => moveTo(api, programId, 'quoted', 'pending-signature', 'active');

/** The smallest bytes a PDF reader accepts as a PDF's start. */
export const pdf = (text = 'utility bill') => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

/**
 * `count` more programs of the customer of `first` (every other one financed), each with the
 * signer of `first` and an invoice: written as the owner, set-based, for volume tests and the bench.
 */
export async function seedProgramsOfCustomer(sql: Sql, tenantId: string, first: { id: string; customerId: string }, count: number): Promise<void> {
  await sql`
    insert into finance_programs (tenant_id, reference, financed, customer_id, insured_name, insured_address_line1, insured_city, insured_state, insured_zip, created_by)
    select ${tenantId}, 'VOL-' || n, n % 2 = 0, ${first.customerId}, insured_name, insured_address_line1, insured_city, insured_state, insured_zip, 'seed'
    from finance_programs, generate_series(1, ${count}) n where id = ${first.id}`;
  await sql`
    insert into finance_program_contacts (tenant_id, program_id, contact_id, role)
    select ${tenantId}, p.id, pc.contact_id, 'signer' from finance_programs p, finance_program_contacts pc
    where p.customer_id = ${first.customerId} and p.id <> ${first.id} and pc.program_id = ${first.id}`;
  await sql`
    insert into finance_invoices (tenant_id, program_id, customer_id, number, amount_due, due_date, billing_name, billing_address_line1, billing_city, billing_state, billing_zip, billing_contact_id, billing_contact_name, created_by)
    select ${tenantId}, p.id, p.customer_id, 'INV-' || p.reference, 100, '2026-12-01', p.insured_name, p.insured_address_line1, p.insured_city, p.insured_state, p.insured_zip, pc.contact_id, 'Dana Brooks', 'seed'
    from finance_programs p join finance_program_contacts pc on pc.program_id = p.id where p.customer_id = ${first.customerId}`;
}

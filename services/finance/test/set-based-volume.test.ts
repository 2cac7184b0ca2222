import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { financeService } from '../src';
import { financeApi, pdf, program, seedProgramsOfCustomer, type FinanceApi } from './support';

/** FIN-2 at volume: a customer with 5,000 programs and 5,000 invoices changes in one transaction, set-based. */
describe('finance set-based changes at volume', () => {
  let service: TestService;
  let api: FinanceApi;
  const tenantId = `fin-vol-${shortId()}`;

  beforeAll(async () => {
    service = await startTestService(financeService, { prefix: `t${shortId()}.`, start: false });
    api = financeApi(service.runtime.app, await issueToken({ tenantId, groups: ['finance-operator'] }));
  });
  afterAll(async () => service?.stop());

  it('FIN-2 an address change touching 10,000 programs and invoices is one transaction and completes', async () => {
    const first = await program(api, { financed: true });
    const sql = service.database.sql;
    await seedProgramsOfCustomer(sql, tenantId, first, 4999);
    const doc = (await api.upload(first.customerId, pdf(), { documentType: 'bank-statement', fileName: 'statement.pdf', contentType: 'application/pdf' }).expect(201)).body;

    const started = performance.now();
    const res = await api
      .patch(`/finance/customers/${first.customerId}`, { addressLine1: '400 Channelside Drive', verification: { documentId: doc.id, namesInsured: true, showsNewAddress: true } })
      .expect(200);
    const ms = performance.now() - started;
    console.log(`FIN-2 set-based address change: ${res.body.programCount} programs + ${res.body.invoiceCount} invoices in ${ms.toFixed(0)} ms`);
    expect(res.body).toMatchObject({ programCount: 5000, invoiceCount: 5000 });

    // One transaction: every written row carries the same transaction id (xmin), history and outbox too.
    const [tx] = await sql<{ customers: string[]; programs: string[]; invoices: string[]; history: string[]; outbox: string[]; stale: number }[]>`
      select
        (select array_agg(distinct xmin::text) from finance_customers where id = ${first.customerId}) customers,
        (select array_agg(distinct xmin::text) from finance_programs where customer_id = ${first.customerId}) programs,
        (select array_agg(distinct xmin::text) from finance_invoices where customer_id = ${first.customerId}) invoices,
        (select array_agg(distinct xmin::text) from finance_history where change in ('updated', 'customer-updated') and event_id = (select event_id from finance_history where subject_id = ${first.customerId} and change = 'updated')) history,
        (select array_agg(distinct xmin::text) from outbox where message_key = ${first.customerId} and envelope->>'type' = 'finance.customer-updated') outbox,
        (select count(*)::int from finance_programs where customer_id = ${first.customerId} and insured_address_line1 <> '400 Channelside Drive')
          + (select count(*)::int from finance_invoices where customer_id = ${first.customerId} and billing_address_line1 <> '400 Channelside Drive') stale`;
    expect(tx!.customers).toHaveLength(1);
    expect([tx!.programs, tx!.invoices, tx!.history, tx!.outbox]).toEqual([tx!.customers, tx!.customers, tx!.customers, tx!.customers]);
    expect(tx!.stale).toBe(0);
    const [{ n }] = (await sql`select count(*)::int as n from finance_history where subject_type = 'program' and change = 'customer-updated'`) as unknown as [{ n: number }];
    expect(n).toBe(5000);
  }, 120_000);
});

/**
 * `npm run bench -- finance [--programs N]` — FIN-2 at volume: one customer change applied to every
 * program and invoice connected to the customer, in one transaction, set-based.
 *
 * Seeds a customer with N programs (default 5,000; every other one financed), each with an invoice
 * (so 2N rows follow the customer), then changes the customer's address through the real path
 * (HTTP PATCH with its verification document: lock, guard, set-based updates, history per program,
 * the event in the outbox). The floor, in the same run and database: the same two UPDATEs of the
 * same rows as plain SQL in one transaction, same indexes. Prints ms per 1,000 rows and writes
 * bench-results/finance.json. Not a test: nothing asserts a time.
 */
import { performance } from 'node:perf_hooks';
import { financeService } from '@agencyflow/finance-service';
import { issueToken, shortId, startTestService } from '@agencyflow/testing';
import { financeApi, pdf, program, seedProgramsOfCustomer } from '../services/finance/test/support';
import { arg, log, writeResult } from './support';

const PROGRAMS = arg('programs', 5_000);

async function main() {
  const service = await startTestService(financeService, { prefix: `b${shortId()}.`, start: false });
  try {
    const tenantId = `fin-bench-${shortId()}`;
    const api = financeApi(service.runtime.app, await issueToken({ tenantId, groups: ['finance-operator'] }));
    const first = await program(api, { financed: true });
    await seedProgramsOfCustomer(service.database.sql, tenantId, first, PROGRAMS - 1);
    await service.database.sql`analyze`;
    const doc = (await api.upload(first.customerId, pdf(), { documentType: 'utility-bill', fileName: 'bill.pdf', contentType: 'application/pdf' })).body as { id: string };
    log(`seeded a customer with ${PROGRAMS} programs and ${PROGRAMS} invoices`);

    // The floor first, then put the address back, so the real change writes the same rows.
    const floorStarted = performance.now();
    await service.database.sql.begin(async (tx) => {
      await tx`update finance_programs set insured_address_line1 = '1 Floor Street', updated_at = now() where customer_id = ${first.customerId}`;
      await tx`update finance_invoices set billing_address_line1 = '1 Floor Street' where customer_id = ${first.customerId}`;
    });
    const floorSeconds = (performance.now() - floorStarted) / 1000;
    await service.database.sql.begin(async (tx) => {
      await tx`update finance_programs set insured_address_line1 = '12 Dock Street' where customer_id = ${first.customerId}`;
      await tx`update finance_invoices set billing_address_line1 = '12 Dock Street' where customer_id = ${first.customerId}`;
    });

    const started = performance.now();
    const res = await api.patch(`/finance/customers/${first.customerId}`, {
      addressLine1: '400 Channelside Drive',
      verification: { documentId: doc.id, namesInsured: true, showsNewAddress: true },
    });
    const seconds = (performance.now() - started) / 1000;
    if (res.status !== 200) throw new Error(`the change answered ${res.status}: ${JSON.stringify(res.body)}`);
    const rows = Number(res.body.programCount) + Number(res.body.invoiceCount);
    const result = {
      scenario: 'finance',
      n: rows,
      programs: res.body.programCount,
      invoices: res.body.invoiceCount,
      seconds,
      msPerThousandRows: (seconds * 1000 * 1000) / rows,
      floorSeconds,
      floorMsPerThousandRows: (floorSeconds * 1000 * 1000) / rows,
      ratio: floorSeconds / seconds,
    };
    log(`FIN-2 customer change: ${rows} rows in ${seconds.toFixed(2)} s (${result.msPerThousandRows.toFixed(0)} ms per 1,000 rows); floor ${floorSeconds.toFixed(2)} s; ratio ${result.ratio.toFixed(2)}`);
    writeResult('finance', result);
  } finally {
    await service.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

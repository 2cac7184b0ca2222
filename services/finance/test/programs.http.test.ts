import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { financeService } from '../src';
import { activate, address, financeApi, moveTo, newContact, newCustomer, pdf, program, type FinanceApi } from './support';

/** FIN-1 programs, their lifecycle, customers, contacts and invoices over HTTP, on the real PostgreSQL. */
describe('finance programs', () => {
  let service: TestService;
  let api: FinanceApi;
  const tenantId = `fin-${shortId()}`;
  const sql = () => service.database.sql;
  const events = async (key: string) =>
    (await sql()<{ envelope: { type: string; version: number; data: Record<string, unknown> } }[]>`select envelope from outbox where message_key = ${key} order by seq`).map((r) => r.envelope);

  beforeAll(async () => {
    service = await startTestService(financeService, { prefix: `t${shortId()}.`, start: false });
    api = financeApi(service.runtime.app, await issueToken({ tenantId, groups: ['finance-operator'] }));
  });
  afterAll(async () => service?.stop());

  it('FIN-1 a program is created in draft with one customer (the insured: name and address) and contacts in roles, one the signer', async () => {
    const signer = newContact('Dana', 'Brooks');
    const res = await api
      .post('/finance/programs', {
        reference: `PF-${shortId()}`,
        financed: true,
        premium: '12400.00',
        amountFinanced: '9920.00',
        customer: newCustomer('Harbor Marine Supply LLC', '12 Dock Street'),
        contacts: [{ role: 'signer', contact: signer }, { role: 'billing', contact: newContact('Lee', 'Ortiz') }],
      })
      .expect(201);
    expect(res.body).toMatchObject({ status: 'draft', financed: true, insured: { name: 'Harbor Marine Supply LLC', addressLine1: '12 Dock Street', city: 'Tampa', state: 'FL', zip: '33602' } });
    const read = (await api.get(`/finance/programs/${res.body.id}`).expect(200)).body;
    expect(read.customer).toMatchObject({ id: res.body.customerId, name: 'Harbor Marine Supply LLC' });
    expect(read.contacts.map((c: { role: string; contact: { email: string } }) => [c.role, c.contact.email])).toEqual([['signer', signer.email], ['billing', expect.any(String)]]);
    const [created] = await events(res.body.id);
    expect(created).toMatchObject({ type: 'finance.program-created', version: 1, data: { programId: res.body.id, status: 'draft', financed: true } });
  });

  it('FIN-1 a program has exactly one signer: none or two are refused with 400 and nothing is written', async () => {
    const before = await sql()`select (select count(*)::int from finance_programs) p, (select count(*)::int from finance_customers) c, (select count(*)::int from finance_contacts) k, (select count(*)::int from outbox) o`;
    const none = await api.post('/finance/programs', { financed: true, customer: newCustomer(), contacts: [{ role: 'billing', contact: newContact() }] });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].message).toMatch(/exactly one contact in the role signer/);
    const two = await api.post('/finance/programs', { financed: true, customer: newCustomer(), contacts: [{ role: 'signer', contact: newContact() }, { role: 'signer', contact: newContact('Ann', 'Two') }] });
    expect(two.status).toBe(400);
    const after = await sql()`select (select count(*)::int from finance_programs) p, (select count(*)::int from finance_customers) c, (select count(*)::int from finance_contacts) k, (select count(*)::int from outbox) o`;
    expect(after).toEqual(before);
  });

  it('FIN-1 the lifecycle allows only a finance company’s transitions, each recorded and published', async () => {
    const p = await program(api);
    const skip = await api.post(`/finance/programs/${p.id}/status`, { status: 'active' });
    expect(skip.status).toBe(409);
    expect(skip.body).toMatchObject({ type: expect.stringMatching(/status-transition-refused$/), from: 'draft', allowed: ['quoted', 'cancelled'] });
    await moveTo(api, p.id, 'quoted', 'draft', 'quoted', 'pending-signature', 'active', 'paid-off');
    const final = await api.post(`/finance/programs/${p.id}/status`, { status: 'cancelled' });
    expect(final.status).toBe(409);
    const changes = (await events(p.id)).filter((e) => e.type === 'finance.program-status-changed').map((e) => `${e.data.from}>${e.data.to}`);
    expect(changes).toEqual(['draft>quoted', 'quoted>draft', 'draft>quoted', 'quoted>pending-signature', 'pending-signature>active', 'active>paid-off']);
    const history = (await api.get(`/finance/programs/${p.id}/history`).expect(200)).body.items;
    expect(history[0]).toMatchObject({ change: 'status-changed', before: { status: 'active' }, after: { status: 'paid-off' }, actor: 'user-1' });
  });

  it('FIN-1 programs list by status, customer and financed, newest first, paged by a keyset', async () => {
    const first = await program(api, { financed: false });
    const second = await program(api, { financed: true, customerId: first.customerId });
    const third = await program(api, { financed: false, customerId: first.customerId });
    await moveTo(api, third.id, 'quoted');
    const page1 = (await api.get('/finance/programs', { customerId: first.customerId, limit: '2' }).expect(200)).body;
    expect(page1.items.map((p: { id: string }) => p.id)).toEqual([third.id, second.id]);
    const page2 = (await api.get('/finance/programs', { customerId: first.customerId, limit: '2', before: page1.nextBefore }).expect(200)).body;
    expect(page2).toEqual({ items: [expect.objectContaining({ id: first.id })], nextBefore: null });
    const financed = (await api.get('/finance/programs', { customerId: first.customerId, financed: 'true' }).expect(200)).body.items;
    expect(financed.map((p: { id: string }) => p.id)).toEqual([second.id]);
    const quoted = (await api.get('/finance/programs', { customerId: first.customerId, status: 'quoted' }).expect(200)).body.items;
    expect(quoted.map((p: { id: string }) => p.id)).toEqual([third.id]);
  });

  it('FIN-1 an invoice belongs to a program and its customer, with the billing address and contact as of the invoice', async () => {
    const billing = newContact('Lee', 'Billing');
    const p = await program(api, { contacts: [{ role: 'signer', contact: newContact() }, { role: 'billing', contact: billing }] });
    const invoice = (await api.post(`/finance/programs/${p.id}/invoices`, { amountDue: '826.67', dueDate: '2026-12-01' }).expect(201)).body;
    expect(invoice).toMatchObject({ programId: p.id, customerId: p.customerId, amountDue: '826.67', billing: { name: 'Harbor Marine Supply LLC', addressLine1: '12 Dock Street', contact: { name: 'Lee Billing', email: billing.email } } });
    expect((await api.get(`/finance/invoices/${invoice.id}`).expect(200)).body).toEqual(invoice);
    expect((await api.get(`/finance/programs/${p.id}/invoices`).expect(200)).body.items).toEqual([invoice]);
    const customer = (await api.get(`/finance/customers/${p.customerId}`).expect(200)).body;
    expect(customer.programs.map((x: { id: string }) => x.id)).toEqual([p.id]);
    expect(customer.invoices.map((x: { id: string }) => x.id)).toEqual([invoice.id]);
  });

  it('FIN-1 customers and contacts are found by name or email, without case', async () => {
    const unique = shortId();
    const p = await program(api, { contacts: [{ role: 'signer', contact: { firstName: 'Quincy', lastName: `Zed${unique}`, email: `q.${unique}@Example.com` } }] });
    await api.patch(`/finance/customers/${p.customerId}`, { name: `Bayfront ${unique} Co` }).expect(200);
    expect((await api.get('/finance/customers', { q: `BAYFRONT ${unique}` }).expect(200)).body.items.map((c: { id: string }) => c.id)).toEqual([p.customerId]);
    const byEmail = (await api.get('/finance/contacts', { q: `Q.${unique}@EXAMPLE` }).expect(200)).body.items;
    expect(byEmail).toEqual([expect.objectContaining({ lastName: `Zed${unique}`, email: `q.${unique}@example.com` })]);
    const contact = (await api.get(`/finance/contacts/${byEmail[0].id}`).expect(200)).body;
    expect(contact.programs).toEqual([{ role: 'signer', program: expect.objectContaining({ id: p.id }) }]);
  });

  it('X-5 bad input is a 400 problem that writes nothing: unknown fields, NUL characters, year 0000, bad ids', async () => {
    const count = async () => (await sql()`select (select count(*)::int from finance_programs) + (select count(*)::int from finance_customers) + (select count(*)::int from finance_contacts) + (select count(*)::int from finance_invoices) as n`)[0]!.n;
    const before = await count();
    const p = await program(api);
    const afterProgram = await count();
    expect((await api.post('/finance/customers', { ...newCustomer(), nickname: 'x' })).status).toBe(400);
    expect((await api.post('/finance/customers', { ...newCustomer(), name: 'Nul\u0000Name' })).status).toBe(400);
    expect((await api.post(`/finance/programs/${p.id}/invoices`, { amountDue: '1.00', dueDate: '0000-01-01' })).status).toBe(400);
    expect((await api.get('/finance/programs/not-a-uuid')).status).toBe(400);
    expect((await api.patch(`/finance/customers/${p.customerId}`, { state: 'Florida' })).status).toBe(400);
    const bad = await api.post('/finance/contacts', { firstName: 'A', lastName: 'B', email: 'not-an-email' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ type: expect.stringMatching(/validation-failed$/), errors: [expect.objectContaining({ path: 'body.email' })] });
    expect(await count()).toBe(afterProgram);
    expect(afterProgram).toBeGreaterThan(before);
  });

  it('X-3 another tenant’s program is a 404, and changing needs finance:edit (403)', async () => {
    const p = await program(api);
    const other = financeApi(service.runtime.app, await issueToken({ tenantId: `other-${shortId()}`, groups: ['finance-operator'] }));
    expect((await other.get(`/finance/programs/${p.id}`)).status).toBe(404);
    expect((await other.patch(`/finance/customers/${p.customerId}`, { name: 'Stolen' })).status).toBe(404);
    const viewer = financeApi(service.runtime.app, await issueToken({ tenantId, permissions: ['finance:view'] }));
    expect((await viewer.get(`/finance/programs/${p.id}`)).status).toBe(200);
    expect((await viewer.patch(`/finance/customers/${p.customerId}`, { name: 'No' })).status).toBe(403);
  });

  it('X-4 a customer’s tax id is stored encrypted and answered masked', async () => {
    const customer = (await api.post('/finance/customers', { ...newCustomer(), taxId: '123-45-6789' }).expect(201)).body;
    expect(customer.taxId).toBe('*****6789');
    const [row] = await sql()<{ tax_id_enc: string }[]>`select tax_id_enc from finance_customers where id = ${customer.id}`;
    expect(row!.tax_id_enc).not.toContain('6789');
    await api.patch(`/finance/customers/${customer.id}`, { taxId: '98-7654321' }).expect(200);
    const [entry] = (await api.get(`/finance/customers/${customer.id}/history`).expect(200)).body.items;
    expect(entry).toMatchObject({ change: 'updated', before: { taxId: '***' }, after: { taxId: '***' } });
    expect(JSON.stringify(entry)).not.toMatch(/6789|7654321/);
  });

  it('FIN-2 verification documents: type, size and content type are checked; stored encrypted; listed; downloaded as an attachment', async () => {
    const p = await program(api);
    const upload = (content: Buffer, query: Record<string, string>) => api.upload(p.customerId, content, query);
    expect((await upload(pdf(), { documentType: 'horoscope', fileName: 'a.pdf', contentType: 'application/pdf' })).status).toBe(400);
    expect((await upload(Buffer.from('<html>'), { documentType: 'utility-bill', fileName: 'a.html', contentType: 'text/html' })).status).toBe(400);
    const lying = await upload(Buffer.from('<html>not a pdf</html>'), { documentType: 'utility-bill', fileName: 'a.pdf', contentType: 'application/pdf' });
    expect(lying.status).toBe(400);
    expect(lying.body.errors[0].message).toMatch(/not a application\/pdf/);
    expect((await upload(Buffer.alloc(11 * 1024 * 1024, 1), { documentType: 'utility-bill', fileName: 'big.pdf', contentType: 'application/pdf' })).status).toBe(413);
    const canary = `Utility bill of canary ${shortId()}`;
    const doc = (await upload(pdf(canary), { documentType: 'utility-bill', fileName: 'bill.pdf', contentType: 'application/pdf' }).expect(201)).body;
    expect(doc).toMatchObject({ documentType: 'utility-bill', contentType: 'application/pdf', usedAt: null });
    const [row] = await sql()<{ content: Buffer }[]>`select content from finance_verification_documents where id = ${doc.id}`;
    expect(row!.content.includes(Buffer.from(canary))).toBe(false);
    expect((await api.get(`/finance/customers/${p.customerId}/documents`).expect(200)).body.items.map((d: { id: string }) => d.id)).toEqual([doc.id]);
    const download = await api.get(`/finance/documents/${doc.id}/content`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toBe('attachment; filename="bill.pdf"');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect((download.body as Buffer).toString()).toContain(canary);
    expect((await events(p.customerId)).map((e) => e.type)).toContain('finance.verification-document-added');
  });

  it('FIN-2 an address change on a customer with a financed program and no document is refused, listing the financed programs, and nothing changes', async () => {
    const financed = await program(api, { financed: true });
    const plain = await program(api, { financed: false, customerId: financed.customerId });
    await api.post(`/finance/programs/${plain.id}/invoices`, { amountDue: '100.00', dueDate: '2026-12-01' }).expect(201);
    const snapshot = async () =>
      sql()`select (select json_agg(c order by id) from finance_customers c where id = ${financed.customerId}) customers,
        (select json_agg(p order by id) from finance_programs p where customer_id = ${financed.customerId}) programs,
        (select json_agg(i order by id) from finance_invoices i where customer_id = ${financed.customerId}) invoices,
        (select count(*)::int from finance_history) history, (select count(*)::int from outbox) outbox`;
    // A document that is not this customer's does not count either.
    const stranger = await program(api);
    const foreign = (await api.upload(stranger.customerId, pdf(), { documentType: 'utility-bill', fileName: 'x.pdf', contentType: 'application/pdf' }).expect(201)).body;
    const before = await snapshot();
    const res = await api.patch(`/finance/customers/${financed.customerId}`, { ...address('400 Channelside Drive'), email: 'new@harbor.example' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      type: expect.stringMatching(/verification-document-required$/),
      financedProgramCount: 1,
      financedPrograms: [{ id: financed.id, reference: financed.reference, status: 'draft', financed: true }],
    });
    expect(await snapshot()).toEqual(before);
    const wrong = await api.patch(`/finance/customers/${financed.customerId}`, { ...address('400 Channelside Drive'), verification: { documentId: foreign.id, namesInsured: true, showsNewAddress: true } });
    expect(wrong.status).toBe(422);
    const unattested = await api.patch(`/finance/customers/${financed.customerId}`, { ...address('400 Channelside Drive'), verification: { documentId: foreign.id, namesInsured: false, showsNewAddress: true } });
    expect(unattested.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('FIN-2 with a verification document every program and invoice of the customer shows the new address, in one change recorded and published', async () => {
    const first = await program(api, { financed: true });
    const second = await program(api, { financed: false, customerId: first.customerId });
    await activate(api, second.id);
    const i1 = (await api.post(`/finance/programs/${first.id}/invoices`, { amountDue: '100.00', dueDate: '2026-12-01' }).expect(201)).body;
    const i2 = (await api.post(`/finance/programs/${second.id}/invoices`, { amountDue: '200.00', dueDate: '2027-01-01' }).expect(201)).body;
    const doc = (await api.upload(first.customerId, pdf(), { documentType: 'cable-bill', fileName: 'cable.pdf', contentType: 'application/pdf' }).expect(201)).body;
    const change = { ...address('400 Channelside Drive'), addressLine2: 'Suite 9', zip: '33602-5301' };
    const res = await api.patch(`/finance/customers/${first.customerId}`, { ...change, verification: { documentId: doc.id, namesInsured: true, showsNewAddress: true } }).expect(200);
    expect(res.body).toMatchObject({ changedFields: ['addressLine1', 'addressLine2', 'zip'], programCount: 2, invoiceCount: 2 });
    for (const id of [first.id, second.id]) {
      expect((await api.get(`/finance/programs/${id}`).expect(200)).body.insured).toMatchObject({ addressLine1: '400 Channelside Drive', addressLine2: 'Suite 9', zip: '33602-5301' });
    }
    for (const id of [i1.id, i2.id]) {
      expect((await api.get(`/finance/invoices/${id}`).expect(200)).body.billing).toMatchObject({ addressLine1: '400 Channelside Drive', addressLine2: 'Suite 9', zip: '33602-5301' });
    }
    const used = (await api.get(`/finance/customers/${first.customerId}/documents`).expect(200)).body.items[0];
    expect(used).toMatchObject({ id: doc.id, usedAt: expect.any(String), usedFor: { address: expect.objectContaining({ addressLine1: '400 Channelside Drive' }), namesInsured: true, showsNewAddress: true } });
    // FIN-6: the change is in the customer's and each program's history, and published once.
    const [customerEntry] = (await api.get(`/finance/customers/${first.customerId}/history`).expect(200)).body.items;
    expect(customerEntry).toMatchObject({ change: 'updated', actor: 'user-1', before: { addressLine1: '12 Dock Street', addressLine2: null, zip: '33602' }, after: { addressLine1: '400 Channelside Drive', verificationDocumentId: doc.id } });
    const [programEntry] = (await api.get(`/finance/programs/${second.id}/history`).expect(200)).body.items;
    expect(programEntry).toMatchObject({ change: 'customer-updated', eventId: customerEntry.eventId, after: { addressLine1: '400 Channelside Drive' } });
    const updated = (await events(first.customerId)).filter((e) => e.type === 'finance.customer-updated');
    expect(updated).toEqual([expect.objectContaining({ version: 1, data: expect.objectContaining({ programCount: 2, invoiceCount: 2, financedProgramCount: 1, verificationDocumentId: doc.id }) })]);
    // A document verifies one address change.
    const again = await api.patch(`/finance/customers/${first.customerId}`, { ...address('1 Other Street'), verification: { documentId: doc.id, namesInsured: true, showsNewAddress: true } });
    expect(again.status).toBe(422);
  });

  it('FIN-2 without a financed program an address change needs no document, and a change of other details never does', async () => {
    const p = await program(api, { financed: false });
    await api.patch(`/finance/customers/${p.customerId}`, address('9 Bay Road')).expect(200);
    expect((await api.get(`/finance/programs/${p.id}`).expect(200)).body.insured.addressLine1).toBe('9 Bay Road');
    const financed = await program(api, { financed: true });
    const renamed = await api.patch(`/finance/customers/${financed.customerId}`, { name: 'Harbor Marine Holdings', phone: '+1 813 555 0100' }).expect(200);
    expect(renamed.body.changedFields).toEqual(['name', 'phone']);
    expect((await api.get(`/finance/programs/${financed.id}`).expect(200)).body.insured.name).toBe('Harbor Marine Holdings');
  });

  it('FIN-3 replacing the customer of an active program is refused and nothing changes', async () => {
    const p = await program(api);
    await activate(api, p.id);
    const res = await api.post(`/finance/programs/${p.id}/replace-customer`, { customer: newCustomer('Someone Else') });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/program-active$/), program: { id: p.id, status: 'active' } });
    expect((await api.get(`/finance/programs/${p.id}`).expect(200)).body.customerId).toBe(p.customerId);
    expect((await api.get('/finance/customers', { q: 'Someone Else' }).expect(200)).body.items).toEqual([]);
  });

  it('FIN-3 a customer with an active program elsewhere is not replaced anywhere: refused with the list of active programs', async () => {
    const draft = await program(api);
    const active = await program(api, { customerId: draft.customerId });
    await activate(api, active.id);
    const other = (await api.post('/finance/customers', newCustomer('Other Insured')).expect(201)).body;
    const res = await api.post(`/finance/programs/${draft.id}/replace-customer`, { customerId: other.id });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/customer-has-active-programs$/), activePrograms: [{ id: active.id, status: 'active' }] });
    for (const id of [draft.id, active.id]) expect((await api.get(`/finance/programs/${id}`).expect(200)).body.customerId).toBe(draft.customerId);
  });

  it('FIN-3 replacing a customer (new in the request, or existing) applies to every program and invoice of the replaced customer', async () => {
    const a = await program(api);
    const b = await program(api, { customerId: a.customerId, financed: false });
    const invoice = (await api.post(`/finance/programs/${b.id}/invoices`, { amountDue: '50.00', dueDate: '2026-12-01' }).expect(201)).body;
    const res = await api.post(`/finance/programs/${a.id}/replace-customer`, { customer: newCustomer('Harbor Marine Holdings Inc', '77 Harbour Island Blvd') }).expect(200);
    expect(res.body).toMatchObject({ created: true, programCount: 2, invoiceCount: 1, replaced: { id: a.customerId }, customer: { name: 'Harbor Marine Holdings Inc' } });
    const newId = res.body.customer.id;
    for (const id of [a.id, b.id]) expect((await api.get(`/finance/programs/${id}`).expect(200)).body).toMatchObject({ customerId: newId, insured: { name: 'Harbor Marine Holdings Inc', addressLine1: '77 Harbour Island Blvd' } });
    expect((await api.get(`/finance/invoices/${invoice.id}`).expect(200)).body).toMatchObject({ customerId: newId, billing: { name: 'Harbor Marine Holdings Inc', addressLine1: '77 Harbour Island Blvd' } });
    const [replaced] = (await events(a.customerId)).filter((e) => e.type === 'finance.customer-replaced');
    expect(replaced).toMatchObject({ version: 1, data: { replacedCustomerId: a.customerId, customerId: newId, customerCreated: true, programCount: 2, invoiceCount: 1 } });
    expect((await api.get(`/finance/programs/${b.id}/history`).expect(200)).body.items[0]).toMatchObject({ change: 'customer-replaced', before: { customerId: a.customerId }, after: { customerId: newId } });
    expect((await api.get(`/finance/customers/${a.customerId}/history`).expect(200)).body.items[0]).toMatchObject({ change: 'replaced' });
    // And back, to an existing customer.
    await api.post(`/finance/programs/${a.id}/replace-customer`, { customerId: a.customerId }).expect(200);
    expect((await api.get(`/finance/programs/${b.id}`).expect(200)).body.customerId).toBe(a.customerId);
  });

  it('FIN-4 a contact update applies to every program connected to it (and its invoices’ contact copy), recorded and published', async () => {
    const billing = (await api.post('/finance/contacts', newContact('Lee', 'Ortiz')).expect(201)).body;
    const p1 = await program(api, { contacts: [{ role: 'signer', contact: newContact() }, { role: 'billing', contactId: billing.id }] });
    const p2 = await program(api, { contacts: [{ role: 'signer', contact: newContact() }, { role: 'billing', contactId: billing.id }, { role: 'other', contactId: billing.id }] });
    const invoice = (await api.post(`/finance/programs/${p2.id}/invoices`, { amountDue: '10.00', dueDate: '2026-12-01' }).expect(201)).body;
    const res = await api.patch(`/finance/contacts/${billing.id}`, { lastName: 'Ortiz-Vega', phone: '+1 813 555 0177' }).expect(200);
    expect(res.body).toMatchObject({ changedFields: ['lastName', 'phone'], programCount: 2, invoiceCount: 1 });
    expect((await api.get(`/finance/invoices/${invoice.id}`).expect(200)).body.billing.contact).toMatchObject({ id: billing.id, name: 'Lee Ortiz-Vega' });
    for (const id of [p1.id, p2.id]) {
      expect((await api.get(`/finance/programs/${id}/history`).expect(200)).body.items[0]).toMatchObject({ change: 'contact-updated', before: { lastName: 'Ortiz' }, after: { lastName: 'Ortiz-Vega' } });
    }
    const [updated] = (await events(billing.id)).filter((e) => e.type === 'finance.contact-updated');
    expect(updated).toMatchObject({ version: 1, data: { contactId: billing.id, changedFields: ['lastName', 'phone'], programCount: 2 } });
  });

  it('FIN-4 a new email that belongs to another contact (any case) is refused, naming that contact and suggesting to replace instead', async () => {
    const holder = (await api.post('/finance/contacts', { firstName: 'Maria', lastName: 'Holder', email: `maria.${shortId()}@harbor.example` }).expect(201)).body;
    const mover = (await api.post('/finance/contacts', newContact('Sam', 'Mover')).expect(201)).body;
    const res = await api.patch(`/finance/contacts/${mover.id}`, { email: holder.email.toUpperCase() });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      type: expect.stringMatching(/contact-email-taken$/),
      otherContact: { id: holder.id, name: 'Maria Holder' },
      suggestion: { action: 'replace-contact', method: 'POST', path: `/finance/contacts/${mover.id}/replace`, body: { contactId: holder.id } },
    });
    expect(res.body.detail).toContain('Maria Holder');
    expect((await api.get(`/finance/contacts/${mover.id}`).expect(200)).body.contact.email).toBe(mover.email);
    // Creating one with it is refused the same way.
    expect((await api.post('/finance/contacts', { firstName: 'X', lastName: 'Y', email: holder.email })).body).toMatchObject({ otherContact: { id: holder.id } });
  });

  it('FIN-5 the signer of an active agreement cannot be replaced; of its details only phone and company change', async () => {
    const signer = (await api.post('/finance/contacts', newContact('Pat', 'Signer')).expect(201)).body;
    const p = await program(api, { contacts: [{ role: 'signer', contactId: signer.id }] });
    await activate(api, p.id);
    const replace = await api.post(`/finance/contacts/${signer.id}/replace`, { contact: newContact('Someone', 'Else') });
    expect(replace.status).toBe(409);
    expect(replace.body).toMatchObject({ type: expect.stringMatching(/signer-of-active-agreement$/), programs: [{ id: p.id, status: 'active' }] });
    const rename = await api.patch(`/finance/contacts/${signer.id}`, { lastName: 'Changed' });
    expect(rename.status).toBe(409);
    expect(rename.body).toMatchObject({ lockedFields: ['lastName'] });
    expect((await api.patch(`/finance/contacts/${signer.id}`, { email: `pat.${shortId()}@x.example` })).status).toBe(409);
    await api.patch(`/finance/contacts/${signer.id}`, { phone: '+1 813 555 0123', company: 'Harbor Marine' }).expect(200);
    const read = (await api.get(`/finance/programs/${p.id}`).expect(200)).body;
    expect(read.contacts).toEqual([expect.objectContaining({ role: 'signer', contact: expect.objectContaining({ id: signer.id, lastName: 'Signer', phone: '+1 813 555 0123' }) })]);
    expect((await api.get('/finance/contacts', { q: 'Someone Else' }).expect(200)).body.items).toEqual([]);
  });

  it('FIN-5 replacing a contact (new or existing) applies to every program and invoice connected to it', async () => {
    const old = (await api.post('/finance/contacts', newContact('Old', 'Agent')).expect(201)).body;
    const p1 = await program(api, { contacts: [{ role: 'signer', contactId: old.id }] });
    const p2 = await program(api, { contacts: [{ role: 'signer', contact: newContact() }, { role: 'billing', contactId: old.id }, { role: 'agent-contact', contactId: old.id }] });
    const invoice = (await api.post(`/finance/programs/${p2.id}/invoices`, { amountDue: '10.00', dueDate: '2026-12-01' }).expect(201)).body;
    const fresh = newContact('New', 'Agent');
    const res = await api.post(`/finance/contacts/${old.id}/replace`, { contact: fresh }).expect(200);
    expect(res.body).toMatchObject({ created: true, programCount: 2, invoiceCount: 1, contact: { email: fresh.email } });
    const newId = res.body.contact.id;
    expect((await api.get(`/finance/programs/${p1.id}`).expect(200)).body.contacts.map((c: { role: string; contact: { id: string } }) => [c.role, c.contact.id])).toEqual([['signer', newId]]);
    const roles = (await api.get(`/finance/programs/${p2.id}`).expect(200)).body.contacts.filter((c: { contact: { id: string } }) => c.contact.id === newId).map((c: { role: string }) => c.role);
    expect(roles.sort()).toEqual(['agent-contact', 'billing']);
    expect((await api.get(`/finance/invoices/${invoice.id}`).expect(200)).body.billing.contact).toEqual({ id: newId, name: 'New Agent', email: fresh.email });
    expect((await api.get(`/finance/contacts/${old.id}`).expect(200)).body.programs).toEqual([]);
    const [replaced] = (await events(old.id)).filter((e) => e.type === 'finance.contact-replaced');
    expect(replaced).toMatchObject({ version: 1, data: { replacedContactId: old.id, contactId: newId, contactCreated: true, programCount: 2, invoiceCount: 1 } });
    expect((await api.get(`/finance/contacts/${newId}/history`).expect(200)).body.items[0]).toMatchObject({ change: 'replacing' });
    // With an existing contact that already holds a role on the program: it keeps one link per role.
    await api.post(`/finance/contacts/${newId}/replace`, { contactId: old.id }).expect(200);
    expect((await api.get(`/finance/contacts/${old.id}`).expect(200)).body.programs).toHaveLength(3);
  });
});

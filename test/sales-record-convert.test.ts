import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { contacts } from '@agencyflow/account-service/src/db/schema';
import { topicName } from '@agencyflow/contracts';
import { issueToken, readTopic, shortId, testKafka } from '@agencyflow/testing';
import { salesApi } from './support/sales-records';
import { startTestSystem, type TestSystem } from './support/system';

type Api = ReturnType<typeof salesApi>;

/**
 * SR-7 Convert to Individual end to end on the real PostgreSQL, Kafka and Temporal: a sales record
 * made by a run, changed by a user, merged back into its individual through the account service.
 */
describe('SR-7 Convert to Individual', () => {
  let system: TestSystem;
  const tenantId = `sr7-${shortId()}`;
  let admin: Api;
  let agent: Api;
  let agencyUser: Api;
  let typeId: string;

  /** An individual, and the sales record a run made of it. */
  async function linkedRecord(fields: Record<string, unknown>) {
    const leadSource = `sr7-${shortId()}`;
    const individualId = await admin.individual({ firstName: 'Maria', lastName: 'Rivera', leadSource, ...fields });
    await admin.completed(await admin.startRun({ criteria: { leadSource: [leadSource] }, salesRecordTypeId: typeId }));
    const record = (await admin.records()).find((r) => r.individualId === individualId)!;
    return { individualId, recordId: record.id as string };
  }
  const contactRow = async (id: string) => (await system.account.database.db.select().from(contacts).where(eq(contacts.id, id)))[0]!;

  beforeAll(async () => {
    system = await startTestSystem();
    admin = salesApi(system, await issueToken({ tenantId, subject: 'admin-ann', groups: ['agency-admin'] }));
    agent = salesApi(system, await issueToken({ tenantId, subject: 'agent-al', groups: ['agent'] }));
    agencyUser = salesApi(system, await issueToken({ tenantId, subject: 'user-ulla', groups: ['agency-user'] }));
    await admin.account('post', '/custom-fields').send({ key: 'c_note', label: 'Note', type: 'text', options: [] }).expect(201);
    await admin.account('post', '/custom-fields').send({ key: 'c_pref', label: 'Preference', type: 'text', options: [] }).expect(201);
    typeId = await admin.type('Conversions');
  }, 120_000);
  afterAll(async () => system?.stop());

  it('SR-7 values users edited on the sales record win, untouched ones leave the individual’s own, blanks never overwrite; protected fields travel and stay ciphertext; the individual is kept; the event is published', async () => {
    const { individualId, recordId } = await linkedRecord({
      middleName: 'Luisa',
      city: 'Miami',
      cellPhone: '+1 305 555 0142',
      ssn: '123-45-6789',
      customFields: { c_note: 'prefers mornings', c_pref: 'phone' },
    });
    // Since the record was made: the individual moved (its newer value must stand) ...
    await admin.account('patch', `/contacts/${individualId}`).send({ city: 'Tampa' }).expect(200);
    // ... and a user worked on the sales record: a new nickname and phone, a new SSN, a cleared middle name, one custom field.
    await agent
      .sales('patch', `/sales-records/${recordId}`)
      .send({ nickname: 'Mimi', cellPhone: '+1 305 555 0199', ssn: '234-56-7890', middleName: null, customFields: { c_note: 'prefers evenings', c_pref: '' } })
      .expect(200);
    const [stored] = await system.sales.database.sql<{ ssn_enc: string; edited_fields: string[] }[]>`select ssn_enc, edited_fields from sales_records where id = ${recordId}`;
    expect(stored!.edited_fields).toEqual(['cellPhone', 'customFields', 'middleName', 'nickname', 'ssn']);

    await agencyUser.sales('post', `/sales-records/${recordId}/convert`).expect(403);
    const converted = (await agent.sales('post', `/sales-records/${recordId}/convert`).expect(200)).body;
    expect(converted).toMatchObject({ id: recordId, convertedBy: 'agent-al', ssn: '***-**-7890' });
    expect(converted.mergedFields.sort()).toEqual(['cellPhone', 'customFields', 'nickname', 'ssn']);
    expect(Date.parse(converted.convertedAt)).not.toBeNaN();

    // The individual is still there, with the merged values.
    const individual = (await admin.account('get', `/contacts/${individualId}`).expect(200)).body;
    expect(individual).toMatchObject({
      nickname: 'Mimi', // edited on the record, blank on the individual: the record's
      cellPhone: '+1 305 555 0199', // edited on the record: the record's
      ssn: '234-56-7890', // edited on the record (protected): the record's
      middleName: 'Luisa', // cleared on the record: a blank never overwrites
      city: 'Tampa', // untouched on the record: the individual's newer value stands
      firstName: 'Maria',
    });
    expect(individual.customFields).toEqual({ c_note: 'prefers evenings', c_pref: 'phone' });

    // the SSN went over as the sales record's ciphertext and is stored so, never in clear.
    const row = await contactRow(individualId);
    expect(row.ssn).toBe(stored!.ssn_enc);
    expect(row.ssn).not.toContain('234-56-7890');

    // sales.sales-record-converted on Kafka (and the account's contact-updated naming the merged fields).
    const kafka = testKafka();
    const salesEvents = await readTopic(kafka, topicName(system.prefix, 'sales.events'), { until: (m) => m.some((x) => x.value?.toString().includes('sales.sales-record-converted')), timeoutMs: 30_000 });
    const event = salesEvents.map((m) => JSON.parse(m.value!.toString())).find((e) => e.type === 'sales.sales-record-converted');
    expect(event.data).toMatchObject({ salesRecordId: recordId, individualId, convertedBy: 'agent-al' });
    expect(JSON.stringify(event)).not.toContain('7890');
    const accountEvents = await readTopic(kafka, topicName(system.prefix, 'account.events'), {
      until: (m) => m.some((x) => x.value?.toString().includes('"updatedBy":"agent-al"')),
      timeoutMs: 30_000,
    });
    const updated = accountEvents.map((m) => JSON.parse(m.value!.toString())).find((e) => e.type === 'account.contact-updated' && e.data.updatedBy === 'agent-al');
    expect(updated.data).toMatchObject({ contactId: individualId });
    expect(updated.data.changedFields.sort()).toEqual(['cellPhone', 'customFields', 'nickname', 'ssn']);
  }, 120_000);

  it('SR-7 a second convert is a 409 that merges nothing again; an individual deleted since is a 409 and the record stays unconverted; the individual is never deleted', async () => {
    const { individualId, recordId } = await linkedRecord({ nickname: 'Bo' });
    await admin.sales('patch', `/sales-records/${recordId}`).send({ title: 'Dr.' }).expect(200);
    expect((await admin.sales('post', `/sales-records/${recordId}/convert`).expect(200)).body.mergedFields).toEqual(['title']);
    // Changed on the individual after the conversion: a repeat must not bring the record's value back.
    await admin.account('patch', `/contacts/${individualId}`).send({ title: 'Prof.' }).expect(200);
    const again = (await admin.sales('post', `/sales-records/${recordId}/convert`).expect(409)).body;
    expect(again).toMatchObject({ type: expect.stringContaining('sales-record-converted'), convertedBy: 'admin-ann' });
    expect((await admin.account('get', `/contacts/${individualId}`).expect(200)).body.title).toBe('Prof.');
    await admin.sales('post', '/sales-records/00000000-0000-4000-8000-000000000000/convert').expect(404);

    const gone = await linkedRecord({});
    // Deleted in the account service since the record was made (as the owner of individuals may).
    await system.account.database.sql`delete from contacts where id = ${gone.individualId}`;
    const refused = (await admin.sales('post', `/sales-records/${gone.recordId}/convert`).expect(409)).body;
    expect(refused.type).toContain('individual-gone');
    expect((await admin.sales('get', `/sales-records/${gone.recordId}`).expect(200)).body.convertedAt).toBeNull();
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { accountService } from '../src';

const QUOTA = 64 * 1024;

/** Files on contacts: sealed at rest, always served as a download, within a tenant's quota. */
describe('contact files', () => {
  let service: TestService;
  let token: string;
  const tenantId = `files-${shortId()}`;
  const api = () => request(service.runtime.app);

  beforeAll(async () => {
    service = await startTestService(accountService, { prefix: `t${shortId()}.`, start: false, env: { FILE_QUOTA_BYTES_PER_TENANT: String(QUOTA) } });
    token = await issueToken({ tenantId, groups: ['agency-admin'] });
  });
  afterAll(async () => service?.stop());

  const newContact = async () => {
    const account = (await api().post('/accounts').set('authorization', `Bearer ${token}`).send({ name: 'Files household' }).expect(201)).body;
    return (await api().post(`/accounts/${account.id}/contacts`).set('authorization', `Bearer ${token}`).send({ firstName: 'Ana', lastName: 'Files' }).expect(201)).body as { id: string };
  };
  const upload = (contactId: string, content: Buffer, contentType = 'text/html', fileName = 'page.html') =>
    api()
      .post(`/contacts/${contactId}/files`)
      .query({ fileName, contentType })
      .set({ authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' })
      .send(content);

  it('X-4 a file is stored sealed (its bytes are not in the database in clear) and served back as it was uploaded', async () => {
    const contact = await newContact();
    const secret = `SSN 123-45-6789 of canary ${shortId()}`;
    const stored = (await upload(contact.id, Buffer.from(secret), 'text/plain', 'notes.txt').expect(201)).body as { id: string; sizeBytes: number };
    expect(stored.sizeBytes).toBe(Buffer.byteLength(secret));
    const [row] = await service.database.sql<{ content: Buffer }[]>`select content from contact_files where id = ${stored.id}`;
    expect(row!.content.includes(Buffer.from(secret))).toBe(false);
    expect(row!.content.includes(Buffer.from('123-45-6789'))).toBe(false);
    const res = await api().get(`/files/${stored.id}/content`).set('authorization', `Bearer ${token}`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect((res.body as Buffer).toString()).toBe(secret);
  });

  it('X-4 a stored HTML file is only ever a download: attachment, nosniff and a sandboxing content policy', async () => {
    const contact = await newContact();
    const stored = (await upload(contact.id, Buffer.from('<script>alert(1)</script>')).expect(201)).body as { id: string };
    const res = await api().get(`/files/${stored.id}/content`).set('authorization', `Bearer ${token}`).expect(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="page.html"$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain('sandbox');
  });

  it('X-5 an upload past the tenant’s file quota is refused with 409 and the numbers, and nothing is written', async () => {
    const contact = await newContact();
    const used = (await service.database.sql<{ used: number }[]>`select coalesce(sum(size_bytes), 0)::int as used from contact_files where tenant_id = ${tenantId}`)[0]!.used;
    const fits = Buffer.alloc(QUOTA - used - 10, 1);
    await upload(contact.id, fits, 'application/pdf', 'big.pdf').expect(201);
    const res = await upload(contact.id, Buffer.alloc(11, 2), 'application/pdf', 'over.pdf');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/file-quota-exceeded$/), usedBytes: QUOTA - 10, quotaBytes: QUOTA, fileBytes: 11 });
    const over = await service.database.sql`select 1 from contact_files where tenant_id = ${tenantId} and file_name = 'over.pdf'`;
    expect(over).toHaveLength(0);
    // Another tenant's quota is its own.
    const other = await issueToken({ tenantId: `other-${shortId()}`, groups: ['agency-admin'] });
    const account = (await api().post('/accounts').set('authorization', `Bearer ${other}`).send({ name: 'Other' }).expect(201)).body;
    const theirs = (await api().post(`/accounts/${account.id}/contacts`).set('authorization', `Bearer ${other}`).send({ firstName: 'O', lastName: 'T' }).expect(201)).body;
    await api().post(`/contacts/${theirs.id}/files`).query({ fileName: 'x.pdf', contentType: 'application/pdf' }).set({ authorization: `Bearer ${other}`, 'content-type': 'application/octet-stream' }).send(Buffer.alloc(11, 3)).expect(201);
  });
});

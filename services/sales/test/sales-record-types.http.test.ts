import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { salesService } from '../src';

const api = (app: Express, token: string) => (method: 'get' | 'post' | 'patch' | 'delete', path: string) =>
  request(app)[method](path).set('authorization', `Bearer ${token}`);

/** Sales record types over HTTP on the real PostgreSQL: per tenant, name unique without case, row-level security. */
describe('sales record types over HTTP (real PostgreSQL)', () => {
  let service: TestService;
  let admin: ReturnType<typeof api>; // agency-admin: individuals:edit and sales-enablement:view
  let agencyUser: ReturnType<typeof api>; // agency-user: individuals:edit, no sales-enablement:view
  let otherTenant: ReturnType<typeof api>;
  const tenantId = `types-${shortId()}`;
  const events = async (typeId: string) =>
    (await service.database.sql<{ envelope: { data: { change: string; revision: number } } }[]>`
      select envelope from outbox where message_key = ${typeId} order by seq`).map((r) => r.envelope.data);

  beforeAll(async () => {
    service = await startTestService(salesService, { prefix: `t${shortId()}.`, start: false });
    const app = service.runtime.app;
    admin = api(app, await issueToken({ tenantId, subject: 'admin-ann', groups: ['agency-admin'] }));
    agencyUser = api(app, await issueToken({ tenantId, subject: 'user-ulla', groups: ['agency-user'] }));
    otherTenant = api(app, await issueToken({ tenantId: `types-other-${shortId()}`, groups: ['agency-admin'] }));
  });
  afterAll(async () => service?.stop());

  it('X-3 X-2 a type is created, read, listed, renamed, deactivated and deleted, each change with its event; names are unique without case', async () => {
    const created = (await admin('post', '/sales-record-types').send({ name: 'Annual Review' }).expect(201)).body;
    expect(created).toMatchObject({ name: 'Annual Review', active: true, salesWorkflowId: null, revision: 1, createdBy: 'admin-ann' });
    await admin('post', '/sales-record-types').send({ name: 'annual review' }).expect(409);
    const second = (await admin('post', '/sales-record-types').send({ name: 'Turning 65', active: false }).expect(201)).body;
    await admin('patch', `/sales-record-types/${second.id}`).send({ name: 'ANNUAL REVIEW' }).expect(409);

    const changed = (await admin('patch', `/sales-record-types/${created.id}`).send({ active: false }).expect(200)).body;
    expect(changed).toMatchObject({ active: false, revision: 2 });
    expect((await admin('get', `/sales-record-types/${created.id}`).expect(200)).body).toEqual(changed);
    expect((await admin('get', '/sales-record-types').expect(200)).body.items.map((t: { name: string }) => t.name)).toEqual(['Annual Review', 'Turning 65']);

    await admin('delete', `/sales-record-types/${second.id}`).expect(204);
    await admin('get', `/sales-record-types/${second.id}`).expect(404);
    expect(await events(created.id)).toMatchObject([{ change: 'created', revision: 1 }, { change: 'updated', revision: 2 }]);
    expect(await events(second.id)).toMatchObject([{ change: 'created' }, { change: 'deleted' }]);
  });

  it('X-3 changing a type needs individuals:edit and sales-enablement:view; another tenant sees nothing of it (404)', async () => {
    const type = (await admin('post', '/sales-record-types').send({ name: `Private ${shortId()}` }).expect(201)).body;
    await agencyUser('post', '/sales-record-types').send({ name: 'Nope' }).expect(403);
    await agencyUser('get', '/sales-record-types').expect(403);
    await otherTenant('get', `/sales-record-types/${type.id}`).expect(404);
    await otherTenant('patch', `/sales-record-types/${type.id}`).send({ active: false }).expect(404);
    await otherTenant('delete', `/sales-record-types/${type.id}`).expect(404);
    expect((await otherTenant('get', '/sales-record-types').expect(200)).body.items).toEqual([]);
    await admin('post', '/sales-record-types').send({ name: '' }).expect(400);
  });

  it('SR-2 the runs and records lists answer empty pages, and a run of another tenant is a 404', async () => {
    expect((await admin('get', '/sales-record-runs').expect(200)).body).toEqual({ items: [], nextBefore: null });
    expect((await admin('get', '/sales-records').expect(200)).body).toEqual({ items: [], nextBefore: null });
    await admin('get', `/sales-record-runs/${crypto.randomUUID()}`).expect(404);
    await admin('get', '/sales-record-runs?before=garbage').expect(400);
  });
});

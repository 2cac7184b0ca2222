import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { accountService } from '../src';
import { accountApi } from './support';

type Api = ReturnType<typeof accountApi>;

describe('SR-1 saved searches over HTTP (real PostgreSQL)', () => {
  let service: TestService;
  let owner: Api; // agency-admin: individuals:edit
  let colleague: Api; // agency-user: individuals:edit, another user of the tenant
  let viewer: Api; // accounts:view only
  let otherTenant: Api;
  const tenantId = `saved-${shortId()}`;
  const criteria = { state: ['FL'], age: { min: 65 }, policy: { coverageType: ['medicare-supplement'], status: ['active'] } };
  const rows = async () => (await service.database.sql`select count(*)::int as n from saved_searches`)[0]!.n as number;

  beforeAll(async () => {
    service = await startTestService(accountService, { prefix: `t${shortId()}.`, start: false });
    const app = service.runtime.app;
    owner = accountApi(app, await issueToken({ tenantId, subject: 'user-owner', groups: ['agency-admin'] }));
    colleague = accountApi(app, await issueToken({ tenantId, subject: 'user-colleague', groups: ['agency-user'] }));
    viewer = accountApi(app, await issueToken({ tenantId, subject: 'user-viewer', permissions: ['accounts:view'] }));
    otherTenant = accountApi(app, await issueToken({ tenantId: `saved-other-${shortId()}`, groups: ['agency-admin'] }));
    await owner.raw('post', '/custom-fields').send({ key: 'language', label: 'Language', type: 'dropdown', options: ['English', 'Spanish'] }).expect(201);
  });
  afterAll(async () => service?.stop());

  it('SR-1 a search is saved with name, criteria, owner and times; listed, read, renamed and deleted', async () => {
    const saved = await owner.raw('post', '/saved-searches').send({ name: 'Florida Med Supp 65+', criteria }).expect(201);
    expect(saved.headers.location).toBe(`/saved-searches/${saved.body.id}`);
    expect(saved.body).toMatchObject({ name: 'Florida Med Supp 65+', criteria, owner: 'user-owner' });
    expect(Date.parse(saved.body.createdAt)).not.toBeNaN();
    expect(saved.body.updatedAt).toBe(saved.body.createdAt);

    // Anyone of the tenant with accounts:view reads it, and can run its criteria.
    expect((await viewer.raw('get', `/saved-searches/${saved.body.id}`).expect(200)).body).toEqual(saved.body);
    expect((await viewer.raw('get', '/saved-searches').expect(200)).body.items.map((s: { name: string }) => s.name)).toEqual(['Florida Med Supp 65+']);
    await viewer.raw('post', '/individuals/search/count').send({ criteria: saved.body.criteria }).expect(200);

    const renamed = (await owner.raw('patch', `/saved-searches/${saved.body.id}`).send({ name: 'FL supplement, 65 and over' }).expect(200)).body;
    expect(renamed).toMatchObject({ id: saved.body.id, name: 'FL supplement, 65 and over', criteria, owner: 'user-owner', createdAt: saved.body.createdAt });
    expect(Date.parse(renamed.updatedAt)).toBeGreaterThan(Date.parse(saved.body.updatedAt));

    await owner.raw('delete', `/saved-searches/${saved.body.id}`).expect(204);
    await owner.raw('get', `/saved-searches/${saved.body.id}`).expect(404);
    await owner.raw('delete', `/saved-searches/${saved.body.id}`).expect(404);
  });

  it('SR-1 names are unique in the tenant without case; a list is by name', async () => {
    const first = (await owner.raw('post', '/saved-searches').send({ name: 'Spanish speakers', criteria: { customFields: { language: { anyOf: ['Spanish'] } } } }).expect(201)).body;
    const taken = await colleague.raw('post', '/saved-searches').send({ name: 'SPANISH speakers', criteria: {} }).expect(409);
    expect(taken.body.type).toMatch(/saved-search-name-taken$/);
    const second = (await owner.raw('post', '/saved-searches').send({ name: 'active holders', criteria: { hasActivePolicy: true } }).expect(201)).body;
    await owner.raw('patch', `/saved-searches/${second.id}`).send({ name: 'Spanish Speakers' }).expect(409);
    expect((await owner.raw('get', '/saved-searches').expect(200)).body.items.map((s: { name: string }) => s.name)).toEqual(['active holders', 'Spanish speakers']);
    // Another tenant may use the same name.
    await otherTenant.raw('post', '/saved-searches').send({ name: 'Spanish speakers', criteria: {} }).expect(201);
    await owner.raw('delete', `/saved-searches/${first.id}`).expect(204);
    await owner.raw('delete', `/saved-searches/${second.id}`).expect(204);
  });

  it('SR-1 an Idempotency-Key saves once: the repeat answers the first result', async () => {
    const key = `save-${shortId()}`;
    const first = await owner.raw('post', '/saved-searches').set('idempotency-key', key).send({ name: 'Keyed', criteria }).expect(201);
    const again = await owner.raw('post', '/saved-searches').set('idempotency-key', key).send({ name: 'Keyed', criteria }).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await service.database.sql`select count(*)::int as n from saved_searches where name = 'Keyed'`)[0]!.n).toBe(1);
    await owner.raw('delete', `/saved-searches/${first.body.id}`).expect(204);
  });

  it('SR-1 X-3 only the owner renames or deletes; saving needs individuals:edit, reading accounts:view', async () => {
    const saved = (await owner.raw('post', '/saved-searches').send({ name: 'Mine', criteria }).expect(201)).body;
    const refused = await colleague.raw('patch', `/saved-searches/${saved.id}`).send({ name: 'Ours' }).expect(403);
    expect(refused.body).toMatchObject({ owner: 'user-owner' });
    await colleague.raw('delete', `/saved-searches/${saved.id}`).expect(403);
    await viewer.raw('post', '/saved-searches').send({ name: 'Viewer’s', criteria }).expect(403);
    await viewer.raw('patch', `/saved-searches/${saved.id}`).send({ name: 'x' }).expect(403);
    await viewer.raw('delete', `/saved-searches/${saved.id}`).expect(403);
    expect((await owner.raw('get', `/saved-searches/${saved.id}`).expect(200)).body.name).toBe('Mine');
    await owner.raw('delete', `/saved-searches/${saved.id}`).expect(204);
  });

  it('SR-1 X-3 another tenant’s saved search is not found, not even by id', async () => {
    const saved = (await owner.raw('post', '/saved-searches').send({ name: 'Private', criteria }).expect(201)).body;
    await otherTenant.raw('get', `/saved-searches/${saved.id}`).expect(404);
    await otherTenant.raw('patch', `/saved-searches/${saved.id}`).send({ name: 'Taken over' }).expect(404);
    await otherTenant.raw('delete', `/saved-searches/${saved.id}`).expect(404);
    expect((await otherTenant.raw('get', '/saved-searches').expect(200)).body.items.map((s: { name: string }) => s.name)).not.toContain('Private');
    await owner.raw('delete', `/saved-searches/${saved.id}`).expect(204);
  });

  it('SR-1 X-5 bad saved searches are 400 problems and write nothing', async () => {
    const before = await rows();
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ name: '', criteria }, 'body.name'],
      [{ name: 'x'.repeat(101), criteria }, 'body.name'],
      [{ name: 'Bad\u0007bell', criteria }, 'body.name'],
      [{ name: 'Nul\u0000', criteria }, 'body.name'],
      [{ name: 'No criteria' }, 'body.criteria'],
      [{ name: 'Unknown field', criteria: { favouriteColour: ['blue'] } }, 'body.criteria'],
      [{ name: 'Year zero', criteria: { dateOfBirth: { to: '0000-12-31' } } }, 'body.criteria.dateOfBirth.to'],
      [{ name: 'Inverted', criteria: { policy: { effectiveDate: { from: '2026-02-01', to: '2026-01-01' } } } }, 'body.criteria.policy.effectiveDate.to'],
      [{ name: 'Unknown custom field', criteria: { customFields: { shoe_size: { min: 40 } } } }, 'body.criteria.customFields.shoe_size'],
      [{ name: 'Not an option', criteria: { customFields: { language: { anyOf: ['Latin'] } } } }, 'body.criteria.customFields.language'],
      [{ name: 'Extra', criteria, colour: 'red' }, 'body'],
    ];
    for (const [body, path] of bad) {
      const answer = await owner.raw('post', '/saved-searches').send(body).expect(400);
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(answer.body.errors.map((e: { path: string }) => e.path).join(' '), JSON.stringify(body)).toContain(path);
    }
    const saved = (await owner.raw('post', '/saved-searches').send({ name: 'Kept', criteria }).expect(201)).body;
    await owner.raw('patch', `/saved-searches/${saved.id}`).send({ name: '  ' }).expect(400);
    await owner.raw('patch', `/saved-searches/${saved.id}`).send({ name: 'Kept', criteria }).expect(400);
    await owner.raw('get', '/saved-searches/not-a-uuid').expect(400);
    expect(await rows()).toBe(before + 1);
    expect((await owner.raw('get', `/saved-searches/${saved.id}`).expect(200)).body.name).toBe('Kept');
  });
});

import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { z } from 'zod';
import { createLogger } from '@agencyflow/logger';
import { createBaseApp, defineRoutes, finishApp, implementRoutes, mountRoutes, openApiDocument, responsesCheckedHere, type Principal } from '../src';

const options = { logger: createLogger({ name: 'declared-routes-test', level: 'silent' }), bodyLimit: '1kb' };

const thing = z.strictObject({ id: z.uuid(), name: z.string() });
const api = defineRoutes({
  read: {
    method: 'get',
    path: '/things/:thingId',
    summary: 'Read a thing',
    permission: 'accounts:view',
    params: z.strictObject({ thingId: z.uuid() }),
    query: z.strictObject({ shape: z.enum(['right', 'wrong', 'undeclared']).default('right') }),
    responses: { 200: ['The thing', thing], 203: 'Declared without a body' },
    problems: { 404: 'No such thing' },
  },
  rename: {
    method: 'patch',
    path: '/things/:thingId',
    summary: 'Rename a thing',
    permission: ['accounts:edit', 'accounts:view'],
    params: z.strictObject({ thingId: z.uuid() }),
    body: z.strictObject({ name: z.string().min(1) }).meta({ example: { name: 'Renamed' } }),
    responses: { 200: ['The thing', thing] },
  },
  export: {
    method: 'get',
    path: '/things.csv',
    summary: 'Every thing as CSV',
    responses: { 200: ['The things', 'text/csv'] },
  },
});

const principal = (...permissions: string[]): Principal => ({ subject: 'user-1', tenantId: 'tenant-1', kind: 'user', groups: [], permissions: new Set(permissions) }) as Principal;

function buildApp(granted: string[]) {
  const app = createBaseApp(options);
  app.use((req, _res, next) => {
    req.principal = principal(...granted);
    next();
  });
  const routes = implementRoutes(api, {
    read: ({ params, query }, _req, res) => {
      if (query.shape === 'wrong') return res.json({ id: params.thingId, name: 7 });
      if (query.shape === 'undeclared') return res.status(203).json({ id: params.thingId });
      return res.json({ id: params.thingId, name: 'Thing' });
    },
    rename: ({ params, body }, _req, res) => res.json({ id: params.thingId, name: body.name }),
    export: (_input, _req, res) => res.type('text/csv').send('id,name\r\n'),
  });
  app.use(mountRoutes(routes, { logger: options.logger, checkResponses: true }));
  return finishApp(app, options);
}

const id = '0b8f9f3e-7d43-4c55-9c1e-2f0e3a3b4c5d';

describe('routes declared once (decision 0038)', () => {
  it('checks responses under tests: vitest runs with NODE_ENV=test', () => {
    expect(responsesCheckedHere()).toBe(true);
  });

  it('hands the handler its parsed input and answers 400 before it for input that does not parse', async () => {
    const app = buildApp(['accounts:view', 'accounts:edit']);
    await request(app).patch(`/things/${id}`).send({ name: 'New' }).expect(200, { id, name: 'New' });
    const badPath = await request(app).patch('/things/not-a-uuid').send({ name: 'New' }).expect(400);
    expect(badPath.body.errors).toEqual([expect.objectContaining({ path: 'path.thingId' })]);
    const badBody = await request(app).patch(`/things/${id}`).send({ name: '' }).expect(400);
    expect(badBody.body.errors).toEqual([expect.objectContaining({ path: 'body.name' })]);
    const badQuery = await request(app).get(`/things/${id}?shape=round`).expect(400);
    expect(badQuery.body.errors).toEqual([expect.objectContaining({ path: 'query.shape' })]);
  });

  it('X-3 refuses a caller without every declared permission (403 naming the missing one)', async () => {
    const res = await request(buildApp(['accounts:view'])).patch(`/things/${id}`).send({ name: 'New' }).expect(403);
    expect(res.body).toMatchObject({ permission: 'accounts:edit' });
  });

  it('fails loudly (500) an answer that does not match its declared schema, or a JSON answer whose status declares none', async () => {
    const app = buildApp(['accounts:view']);
    const wrong = await request(app).get(`/things/${id}?shape=wrong`).expect(500);
    expect(wrong.body).toMatchObject({ type: 'https://agencyflow.dev/problems/response-schema-mismatch' });
    expect(wrong.body.detail).toContain('GET /things/:thingId 200: name');
    const undeclared = await request(app).get(`/things/${id}?shape=undeclared`).expect(500);
    expect(undeclared.body.detail).toContain('status 203 declares no JSON body');
    await request(app).get('/things.csv').expect(200).expect('content-type', /text\/csv/);
  });

  it('refuses to mount a route whose params schema does not name the path parameters', () => {
    const broken = defineRoutes({ read: { method: 'get', path: '/a/:aId/b/:bId', summary: 'B', params: z.strictObject({ aId: z.uuid() }), responses: { 204: 'Nothing' } } });
    expect(() => mountRoutes(implementRoutes(broken, { read: (_i, _q, res) => res.end() }), { logger: options.logger })).toThrow(/params schema declares \[aId\] but the path has \[aId, bId\]/);
  });

  it('generates the OpenAPI operations from the same declarations: ids, tags, path and query parameters, body, answers, problems', () => {
    const document = openApiDocument({ info: { title: 'Things', version: '1' } }, [api]);
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(paths).sort()).toEqual(['/things.csv', '/things/{thingId}']);
    const read = paths['/things/{thingId}']!.get!;
    expect(read).toMatchObject({ operationId: 'getThingsByThingId', tags: ['things'], summary: 'Read a thing', description: 'Needs `accounts:view`.' });
    expect(read.parameters).toEqual([
      { name: 'thingId', in: 'path', required: true, schema: expect.objectContaining({ type: 'string', format: 'uuid' }) },
      { name: 'shape', in: 'query', required: false, schema: expect.objectContaining({ enum: ['right', 'wrong', 'undeclared'] }) },
    ]);
    expect(Object.keys(read.responses as object).sort()).toEqual(['200', '203', '400', '401', '403', '404']);
    expect((read.responses as Record<string, { content?: unknown }>)['200']!.content).toMatchObject({ 'application/json': { schema: { type: 'object', required: ['id', 'name'] } } });
    const rename = paths['/things/{thingId}']!.patch!;
    expect(rename.requestBody).toMatchObject({ required: true, content: { 'application/json': { example: { name: 'Renamed' }, schema: { type: 'object' } } } });
    expect(rename.description).toBe('Needs `accounts:edit` and `accounts:view`.');
    expect(paths['/things.csv']!.get!.responses).toMatchObject({ 200: { content: { 'text/csv': { schema: { type: 'string' } } } } });
  });

  it('refuses to make a document whose example a body or answer schema does not take', () => {
    const declare = (spec: { example?: unknown; answer?: unknown }) =>
      defineRoutes({
        rename: {
          method: 'patch',
          path: '/things/:thingId',
          summary: 'Rename a thing',
          params: z.strictObject({ thingId: z.uuid() }),
          body: z.strictObject({ name: z.string().min(1) }),
          example: spec.example,
          responses: { 200: ['The thing', thing, spec.answer] },
        },
      });
    const header = { info: { title: 'Things', version: '1' } };
    expect(() => openApiDocument(header, [declare({ example: { name: 'Renamed' }, answer: { id, name: 'Renamed' } })])).not.toThrow();
    expect(() => openApiDocument(header, [declare({ example: { title: 'Renamed' } })])).toThrow(/PATCH \/things\/:thingId: the body example does not match its schema/);
    expect(() => openApiDocument(header, [declare({ answer: { id, name: 'Renamed', colour: 'red' } })])).toThrow(/the 200 answer example does not match its schema \(\(root\): Unrecognized key/);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { z } from 'zod';
import { createLogger } from '@agencyflow/logger';
import { createBaseApp, finishApp, parseInput, problems } from '../src';

const options = { logger: createLogger({ name: 'problems-test', level: 'silent' }), bodyLimit: '1kb' };
const SECRET_DETAIL = 'connection to db.internal failed: password=hunter2';

/** A tiny app whose handlers count how often they ran, so "writes nothing" can be checked. */
function buildApp(ran: { count: number }) {
  const app = createBaseApp(options);
  app.post('/notes', (req, res) => {
    const note = parseInput(z.object({ text: z.string().min(1) }), req.body);
    ran.count++;
    res.status(201).json(note);
  });
  app.get('/boom', async () => {
    throw new Error(SECRET_DETAIL);
  });
  app.get('/refused', () => {
    throw problems.conflict('already-linked', 'Already linked', 'The individual already has a sales record.');
  });
  return finishApp(app, options);
}

const expectProblem = (res: request.Response, status: number, slug: string) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.body).toMatchObject({ type: `https://agencyflow.dev/problems/${slug}`, status });
  expect(typeof res.body.title).toBe('string');
};

describe('problem answers (RFC 9457)', () => {
  const ran = { count: 0 };
  const app = buildApp(ran);
  beforeEach(() => {
    ran.count = 0;
  });

  it('accepts a well-formed request (the baseline the other cases break)', async () => {
    await request(app).post('/notes').send({ text: 'hello' }).expect(201, { text: 'hello' });
    expect(ran.count).toBe(1);
  });

  it('X-5 malformed JSON answers 400 malformed-json and runs nothing', async () => {
    const res = await request(app).post('/notes').set('content-type', 'application/json').send('{"text": "unterminated');
    expectProblem(res, 400, 'malformed-json');
    expect(res.body.title).toBe('Malformed JSON');
    expect(res.body.instance).toBe('/notes');
    expect(ran.count).toBe(0);
  });

  it('X-5 a body that fails validation answers 400 listing each field error', async () => {
    const res = await request(app).post('/notes').send({ text: '' });
    expectProblem(res, 400, 'validation-failed');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.text' })]);
    expect(ran.count).toBe(0);
  });

  it('X-5 a body over the limit answers 413', async () => {
    const res = await request(app).post('/notes').send({ text: 'x'.repeat(2048) });
    expectProblem(res, 413, 'payload-too-large');
    expect(res.body.detail).toContain('1kb');
    expect(ran.count).toBe(0);
  });

  it('X-5 a body that is not JSON answers 415', async () => {
    for (const [type, body] of [
      ['text/plain', 'text=hello'],
      ['application/x-www-form-urlencoded', 'text=hello'],
    ]) {
      const res = await request(app).post('/notes').set('content-type', type!).send(body!);
      expectProblem(res, 415, 'unsupported-media-type');
    }
    expect(ran.count).toBe(0);
  });

  it('X-5 an unknown route answers 404 with a problem body', async () => {
    const res = await request(app).get('/nowhere');
    expectProblem(res, 404, 'not-found');
  });

  it('X-5 a thrown ProblemError keeps its status and extensions', async () => {
    const res = await request(app).get('/refused');
    expectProblem(res, 409, 'already-linked');
    expect(res.body.detail).toBe('The individual already has a sales record.');
  });

  it('an unexpected error answers 500 without its message or stack, with a reference to the logs', async () => {
    const res = await request(app).get('/boom').set('x-request-id', 'req-123');
    expectProblem(res, 500, 'internal');
    expect(res.body).toEqual({
      type: 'https://agencyflow.dev/problems/internal',
      title: 'Internal error',
      status: 500,
      detail: 'Reference: req-123',
    });
    expect(res.text).not.toContain('hunter2');
    expect(res.text).not.toMatch(/at .*\.ts/);
    expect(res.headers['x-request-id']).toBe('req-123');
  });
});

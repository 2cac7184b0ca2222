import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@agencyflow/logger';
import { createBaseApp, finishApp, ProblemError } from '../src';

const options = { logger: createLogger({ name: 'early-answer-test', level: 'silent' }), bodyLimit: '1kb', streamedMediaTypes: ['text/csv'] };

/**
 * X-5, found by the fuzz suite (test/fuzz): a streamed upload refused at its first bad line
 * (the carrier CSV import) answered 400 while the rest of the body was still on the connection,
 * and the client's next request on that kept-alive connection was reset. A refusal sent before
 * the body was read whole now says `Connection: close`, so the client opens a fresh connection.
 */
describe('an answer sent before the request body was read whole', () => {
  let server: http.Server;
  let port: number;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    const app = createBaseApp(options);
    // Reads the stream like a CSV parser that fails on its first chunk: stops reading, then refuses.
    app.post('/import', async (req) => {
      await new Promise<void>((resolve) => {
        const parser = new Writable({ write: (_chunk, _encoding, done) => done(new Error('line too long')) });
        parser.on('error', () => {
          req.unpipe(parser);
          resolve();
        });
        req.pipe(parser);
      });
      throw new ProblemError(400, 'malformed-csv', 'Malformed CSV', 'The CSV cannot be read.');
    });
    app.get('/ping', (_req, res) => {
      res.json({ ok: true });
    });
    finishApp(app, options);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const send = (method: string, path: string, body?: Buffer) =>
    new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = http.request({ agent, host: '127.0.0.1', port, method, path, headers: body ? { 'content-type': 'text/csv', 'content-length': body.length } : {} }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
      });
      req.on('error', reject);
      req.end(body);
    });

  it('X-5 the refusal says Connection: close, and the next request on the same client is answered', async () => {
    // 300 KB: more than the route reads before it refuses, little enough for the client to finish
    // sending and put the connection back in its pool (without the header, the next request was reset).
    const refused = await send('POST', '/import', Buffer.alloc(300 * 1024, 'x'));
    expect(refused).toEqual({ status: 400, connection: 'close' });
    expect((await send('GET', '/ping')).status).toBe(200);
  });
});

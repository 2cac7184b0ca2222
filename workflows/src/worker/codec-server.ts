import type { Express, RequestHandler } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { authenticate, createBaseApp, finishApp, parseInput, problems, requirePermission, type AuthOptions } from '@agencyflow/http';
import type { Logger } from '@agencyflow/logger';

/** Payloads as the Temporal UI and CLI send them: proto3 JSON, bytes in base64. */
const jsonPayloads = z.object({
  payloads: z.array(
    z.object({ metadata: z.record(z.string(), z.string()).default({}), data: z.string().optional() }),
  ),
});
type JsonPayloads = z.infer<typeof jsonPayloads>;

const fromJson = ({ payloads }: JsonPayloads): Payload[] =>
  payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
  }));

const toJson = (payloads: Payload[]): JsonPayloads => ({
  payloads: payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  })),
});

export interface CodecServerOptions {
  codec: PayloadCodec;
  auth: AuthOptions;
  logger: Logger;
  uiOrigin: string;
  trustUiOrigin: boolean;
}

/**
 * The codec server the Temporal UI calls to show decrypted payloads to operators. Decoding
 * needs an operator's credentials (permission system:operate).
 */
export function createCodecServer({ codec, auth, logger, uiOrigin, trustUiOrigin }: CodecServerOptions): Express {
  const options = { logger, bodyLimit: '4mb' };
  const app = createBaseApp(options);
  const origin = new URL(uiOrigin).origin;

  const cors: RequestHandler = (req, res, next) => {
    if (req.header('origin') === origin) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('access-control-allow-headers', 'content-type, authorization, x-namespace');
      res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
    }
    if (req.method === 'OPTIONS') {
      res.sendStatus(204);
      return;
    }
    next();
  };
  const authenticated = authenticate(auth);
  const operatorOnly = requirePermission('system:operate');
  const guard: RequestHandler = (req, res, next) => {
    if (trustUiOrigin && req.header('origin') === origin && !req.header('authorization')) return next();
    authenticated(req, res, (error?: unknown) => (error ? next(error) : operatorOnly(req, res, next)));
  };

  app.use(cors);
  app.post('/decode', guard, async (req, res) => {
    const payloads = fromJson(parseInput(jsonPayloads, req.body));
    res.json(toJson(await undecodableAs422(() => codec.decode(payloads))));
  });
  app.post('/encode', guard, async (req, res) => {
    const payloads = fromJson(parseInput(jsonPayloads, req.body));
    res.json(toJson(await undecodableAs422(() => codec.encode(payloads))));
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  return finishApp(app, options);
}

/** A payload under a retired key or with damaged bytes is the caller's problem (422), not a 500. */
async function undecodableAs422(work: () => Promise<Payload[]>): Promise<Payload[]> {
  try {
    return await work();
  } catch (error) {
    throw problems.unprocessable('undecodable-payload', 'Payload cannot be decoded', (error as Error).message);
  }
}

import type { Express, Request, RequestHandler, Router } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { accessesOf, authenticate, createBaseApp, finishApp, parseInput, principalOf, ProblemError, problems, requirePermission, type AuthOptions } from '@agencyflow/http';
import type { Logger } from '@agencyflow/logger';
import type { DecodeAccessLog } from './decode-access-log';
import { bindForEncode, planDecode, sealedTenantOf } from './payload-access';

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
  /** Where each decode is recorded before its answer goes out (the protected-data access log, X-4). */
  accessLog: DecodeAccessLog;
  uiOrigin: string;
  /**
   * Let the UI origin call with credentials (cookies) as well: CORS only. Authentication is the
   * same either way; an Origin header is something any client can write, never a credential.
   */
  allowUiCredentials: boolean;
  /** GET /metrics of the worker deployable, served beside the codec (no credentials, no payloads). */
  metrics?: Router;
}

/**
 * The codec server the Temporal UI and CLI call to show decrypted payloads to operators.
 * Every call needs an operator's credentials (permission system:operate); /decode opens only the
 * payloads of the caller's own tenant, or every tenant's with payloads:decode-all, hands the rest
 * back still encrypted, and writes one audit line per request. Each decode is also recorded in
 * the access log of every tenant whose payloads it opened before the answer goes out; if it
 * cannot be recorded, nothing is decoded (503).
 */
export function createCodecServer({ codec, auth, logger, accessLog, uiOrigin, allowUiCredentials, metrics }: CodecServerOptions): Express {
  const options = { logger, bodyLimit: '4mb' };
  const app = createBaseApp(options);
  const origin = new URL(uiOrigin).origin;

  const cors: RequestHandler = (req, res, next) => {
    if (req.header('origin') === origin) {
      res.setHeader('access-control-allow-origin', origin);
      if (allowUiCredentials) res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('access-control-allow-headers', 'content-type, authorization, x-namespace');
      res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
      res.setHeader('vary', 'origin');
    }
    if (req.method === 'OPTIONS') {
      res.sendStatus(204);
      return;
    }
    next();
  };
  const operatorOnly = [authenticate(auth), requirePermission('system:operate')];

  app.use(cors);
  app.post('/decode', ...operatorOnly, async (req, res) => {
    const caller = principalOf(req);
    const payloads = fromJson(parseInput(jsonPayloads, req.body));
    const plan = planDecode(caller, payloads);
    // Never the payloads themselves: who asked, for how many, and whose were refused.
    const audit = (outcome: 'answered' | 'undecodable') =>
      logger.info(
        {
          audit: 'payload-decode',
          requestId: req.requestId,
          subject: caller.subject,
          callerTenant: caller.tenantId,
          payloads: payloads.length,
          decoded: outcome === 'answered' ? plan.open.length : 0,
          refused: plan.refused.length,
          refusedTenants: [...new Set(plan.refused)].sort(),
          outcome,
          at: new Date().toISOString(),
        },
        'payload decode',
      );
    let opened: Payload[];
    try {
      opened = await undecodableAs422(() => codec.decode(plan.open.map((index) => payloads[index]!)));
    } catch (error) {
      audit('undecodable');
      throw error;
    }
    await recordDecode(req, payloads, plan.open);
    audit('answered');
    const answer = [...payloads];
    plan.open.forEach((index, n) => (answer[index] = opened[n]!));
    res.json(toJson(answer));
  });
  /** One access per tenant whose payloads were opened, in that tenant's log. */
  const recordDecode = async (req: Request, payloads: Payload[], opened: number[]) => {
    const countByTenant = new Map<string, number>();
    for (const index of opened) {
      const tenant = sealedTenantOf(payloads[index]!);
      countByTenant.set(tenant, (countByTenant.get(tenant) ?? 0) + 1);
    }
    try {
      for (const [tenant, count] of countByTenant) {
        const [access] = accessesOf(req, 'codec-server', 'decode', [{ recordType: 'temporal-payloads', recordId: null, fields: [], recordCount: count }]);
        await accessLog.record(tenant, access!);
      }
    } catch (error) {
      logger.error({ requestId: req.requestId, reason: (error as Error).message }, 'payload decode not recorded: refused');
      throw new ProblemError(503, 'access-log-unavailable', 'Access log unavailable', 'Decodes are recorded before they are answered, and the access log cannot be reached now: try again.');
    }
  };
  app.post('/encode', ...operatorOnly, async (req, res) => {
    const payloads = bindForEncode(principalOf(req), fromJson(parseInput(jsonPayloads, req.body)));
    res.json(toJson(await undecodableAs422(() => codec.encode(payloads))));
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  if (metrics) app.use(metrics);
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

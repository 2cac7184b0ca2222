import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from '@agencyflow/logger';
import { notFoundHandler, problemHandler } from './error-handler';
import { rejectUnstorableInput } from './input-guards';
import { problems } from './problem';
import { requestId } from './request-context';
import { traceRequests } from './trace-requests';

export interface BaseAppOptions {
  logger: Logger;
  bodyLimit: string;
  /**
   * Media types besides JSON that some routes read as a stream themselves (e.g. text/csv for a
   * carrier feed). Everything else with a body is refused with 415 before any route runs.
   */
  streamedMediaTypes?: string[];
}

const requireKnownBody =
  (streamed: string[]): RequestHandler =>
  (req, _res, next) => {
    const hasBody = Number(req.header('content-length') ?? 0) > 0 || req.header('transfer-encoding') !== undefined;
    if (hasBody && !req.is(['application/json', 'application/*+json', ...streamed])) {
      return next(problems.unsupportedMediaType());
    }
    next();
  };

/** Express with the house defaults: request ids, access log, JSON only, bounded bodies, a trace span per request. */
export function createBaseApp({ logger, bodyLimit, streamedMediaTypes = [] }: BaseAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // No answer of this API is ever content-sniffed by a browser (a stored file included).
  app.use((_req, res, next) => {
    res.setHeader('x-content-type-options', 'nosniff');
    next();
  });
  app.set('query parser', 'simple');
  app.use(requestId);
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ requestId: req.requestId, method: req.method, path: req.path, status: res.statusCode, ms }, 'request');
    });
    next();
  });
  app.use(requireKnownBody(streamedMediaTypes));
  app.use(express.json({ limit: bodyLimit, strict: true, type: ['application/json', 'application/*+json'] }));
  app.use(rejectUnstorableInput);
  // After the body parser: its stream callbacks would otherwise leave the span's context behind.
  app.use(traceRequests);
  return app;
}

/** Call after mounting routes: 404 for unknown routes, problem bodies for every error. */
export function finishApp(app: Express, { logger, bodyLimit }: BaseAppOptions): Express {
  app.use(notFoundHandler);
  app.use(problemHandler(logger, bodyLimit));
  return app;
}

import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '@agencyflow/logger';
import { ProblemError, problems } from './problem';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  statusCode?: number;
}

function toProblem(error: unknown, bodyLimit: string): ProblemError | undefined {
  if (error instanceof ProblemError) return error;
  const parserError = error as BodyParserError;
  switch (parserError?.type) {
    case 'entity.parse.failed':
      return problems.malformedJson();
    case 'entity.too.large':
      return problems.payloadTooLarge(bodyLimit);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problems.unsupportedMediaType();
    default: {
      // Any other 4xx that the body parser or the router raises (a body that does not decode under
      // its Content-Encoding, a path with malformed percent-encoding such as /accounts/%zz, an
      // aborted upload) is the client's: say so, never 500. The message is the library's own and
      // quotes no input.
      const status = parserError?.status ?? parserError?.statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        return new ProblemError(status, 'bad-request', 'Bad request', 'The request could not be read: check its encoding, path and body.');
      }
      return undefined;
    }
  }
}

/** Last middleware: every error becomes a problem body; anything unexpected is a logged 500. */
export function problemHandler(logger: Logger, bodyLimit: string): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const problem = toProblem(error, bodyLimit);
    // An answer sent before the body was read whole (a CSV refused at its first bad line, a body
    // over the limit) leaves the rest of the upload on the connection, where the client's next
    // request would land and be reset. Say the connection closes; a client opens a fresh one.
    if (!req.complete) res.setHeader('connection', 'close');
    if (problem) {
      res.status(problem.status).type('application/problem+json').json(problem.toBody(req.originalUrl));
      return;
    }
    logger.error({ err: error, requestId: req.requestId, path: req.path }, 'unhandled error');
    const body = new ProblemError(500, 'internal', 'Internal error', `Reference: ${req.requestId}`).toBody();
    res.status(500).type('application/problem+json').json(body);
  };
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(problems.notFound('route'));

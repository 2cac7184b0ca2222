import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '@agencyflow/logger';
import { ProblemError, problems } from './problem';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
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
    default:
      return undefined;
  }
}

/** Last middleware: every error becomes a problem body; anything unexpected is a logged 500. */
export function problemHandler(logger: Logger, bodyLimit: string): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const problem = toProblem(error, bodyLimit);
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

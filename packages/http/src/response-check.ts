import type { RequestHandler } from 'express';
import type { Logger } from '@agencyflow/logger';
import { ProblemError } from './problem';
import { responseSchemaOf, type RouteDeclaration } from './route-declaration';

/**
 * Whether answers are checked against their declared schemas: under tests (NODE_ENV=test, as
 * vitest sets it) or when AGENCYFLOW_CHECK_RESPONSES=1. Never in production by default: it costs
 * a parse of every answer, and a schema slip there should not turn a good answer into a 500.
 */
export const responsesCheckedHere = (): boolean => process.env.NODE_ENV === 'test' || process.env.AGENCYFLOW_CHECK_RESPONSES === '1';

/** The body as the client reads it (dates as their ISO text, undefined members gone). */
const onTheWire = (body: unknown): unknown => (body === undefined ? undefined : JSON.parse(JSON.stringify(body)));

/**
 * Holds the route's 2xx JSON answers to its declaration, so a schema that drifts from what the
 * handler sends fails the component and end-to-end tests: an answer that does not match, or a
 * JSON answer whose status declares no JSON body, becomes a 500 and a log line naming the route
 * and the mismatching paths (never the values: they may be protected data). Problem answers and
 * non-JSON answers (streams, 204) are not touched. The body is checked as it goes on the wire.
 */
export function checkResponses(declaration: RouteDeclaration, logger: Logger): RequestHandler {
  const route = `${declaration.method.toUpperCase()} ${declaration.path}`;
  return (req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const status = res.statusCode;
      if (status < 200 || status >= 300) return json(body);
      const schema = responseSchemaOf(declaration, status);
      const issues = schema
        ? (schema.safeParse(onTheWire(body)).error?.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`) ?? [])
        : [`status ${status} declares no JSON body`];
      if (issues.length === 0) return json(body);
      logger.error({ requestId: req.requestId, route, status, issues }, 'answer does not match its declared response schema');
      const problem = new ProblemError(500, 'response-schema-mismatch', 'Answer does not match its declared schema', `${route} ${status}: ${issues.join('; ')}`);
      res.status(500).type('application/problem+json');
      return json(problem.toBody(req.originalUrl));
    };
    next();
  };
}

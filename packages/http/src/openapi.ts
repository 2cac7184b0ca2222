import { Router, static as serveStatic } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import { z } from 'zod';

export type OpenApiDocument = Record<string, unknown> & { openapi: '3.1.0'; paths: Record<string, unknown> };

/** A zod schema as an OpenAPI 3.1 (JSON Schema 2020-12) schema, so the docs never drift from validation. */
export const jsonSchema = (schema: z.ZodType): Record<string, unknown> =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;

export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

export const commonComponents = {
  securitySchemes: {
    bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
  },
  schemas: {
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details',
      required: ['type', 'title', 'status'],
      properties: {
        type: { type: 'string', format: 'uri' },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string' },
        instance: { type: 'string' },
        errors: {
          type: 'array',
          items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

/** Serves the document at /openapi.json and a Swagger UI page at /docs (assets from the npm package, no CDN). */
export function openApiRoutes(document: OpenApiDocument): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(docsPage(String((document.info as { title?: string })?.title ?? 'API')));
  });
  router.use('/docs/assets', serveStatic(getAbsoluteFSPath(), { index: false }));
  return router;
}

const docsPage = (title: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });</script>
</body></html>`;

export interface OperationSpec {
  summary: string;
  description?: string;
  /** The permission the route needs (documented, and answered with 403 when missing). */
  permission?: string;
  pathParams?: string[];
  query?: z.ZodType;
  body?: z.ZodType;
  bodyMediaType?: string;
  example?: unknown;
  /** Status -> description, or [description, zod schema of the JSON answer]. */
  responses: Record<string, string | [string, z.ZodType]>;
  idempotent?: boolean;
}

/** One OpenAPI operation from zod schemas, with the problem answers every route shares. */
export function operation(spec: OperationSpec): Record<string, unknown> {
  const parameters: unknown[] = (spec.pathParams ?? []).map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  }));
  if (spec.query) {
    const schema = jsonSchema(spec.query) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      parameters.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: property });
    }
  }
  if (spec.idempotent) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Repeat a request safely: the same key answers the first result again.',
      schema: { type: 'string', maxLength: 200 },
    });
  }
  const responses: Record<string, unknown> = {};
  for (const [status, value] of Object.entries(spec.responses)) {
    const [description, schema] = typeof value === 'string' ? [value, undefined] : value;
    responses[status] = Number(status) >= 400
      ? problemResponse(description)
      : { description, ...(schema ? { content: { 'application/json': { schema: jsonSchema(schema) } } } : {}) };
  }
  responses['400'] ??= problemResponse('Invalid input (RFC 9457 problem with `errors`)');
  responses['401'] ??= problemResponse('Missing or invalid credentials');
  if (spec.permission) responses['403'] ??= problemResponse(`Missing permission ${spec.permission}`);
  return {
    summary: spec.summary,
    ...(spec.description || spec.permission
      ? { description: [spec.description, spec.permission ? `Needs \`${spec.permission}\`.` : ''].filter(Boolean).join('\n\n') }
      : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            content: {
              [spec.bodyMediaType ?? 'application/json']: {
                schema: spec.bodyMediaType && spec.bodyMediaType !== 'application/json' ? { type: 'string', format: 'binary' } : jsonSchema(spec.body),
                ...(spec.example !== undefined ? { example: spec.example } : {}),
              },
            },
          },
        }
      : {}),
    responses,
  };
}

const httpMethods = ['get', 'put', 'post', 'patch', 'delete'] as const;
const pascal = (words: string) =>
  words
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/**
 * An operation's id from its method and path, stable and unique in the document:
 * GET /carrier-feeds/{importId}/rejections.csv -> getCarrierFeedsByImportIdRejectionsCsv.
 * (Clients generated from the document name their methods after it.)
 */
export function operationIdOf(method: string, path: string): string {
  const parts = path.split('/').filter(Boolean).map((segment) => (segment.startsWith('{') ? `By${pascal(segment.slice(1, -1))}` : pascal(segment)));
  return `${method.toLowerCase()}${parts.join('')}`;
}

/** The tag an operation is listed under in /docs: its path's first segment (`agent-crm`, `carrier-feeds`, `internal` ...). */
export const tagOf = (path: string): string => path.split('/').filter(Boolean)[0] ?? 'service';

/**
 * The document a service serves: the common components (Problem, security schemes) and, on every
 * operation that does not name its own, an operation id, a tag and the 401 answer.
 */
export function completeOpenApiDocument(document: OpenApiDocument): OpenApiDocument {
  const paths: Record<string, unknown> = {};
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
    const completed: Record<string, unknown> = { ...item };
    for (const method of httpMethods) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      // Every documented route is behind authentication (health, metrics and the document are not documented).
      const responses = { ...(op.responses as Record<string, unknown>), '401': (op.responses as Record<string, unknown>)?.['401'] ?? problemResponse('Missing or invalid credentials') };
      completed[method] = { operationId: operationIdOf(method, path), tags: [tagOf(path)], ...op, responses };
    }
    paths[path] = completed;
  }
  return { ...document, paths, components: { ...commonComponents, ...(document.components as object) } };
}

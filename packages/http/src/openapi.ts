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

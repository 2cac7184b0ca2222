import { Router, static as serveStatic } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import { z } from 'zod';
import { openApiPath, permissionsOf, type RouteDeclaration } from './route-declaration';

export type OpenApiDocument = Record<string, unknown> & { openapi: '3.1.0'; paths: Record<string, unknown> };

/**
 * A zod schema as an OpenAPI 3.1 (JSON Schema 2020-12) schema, so the docs never drift from
 * validation. Input is what a client may send (a member with a default is optional), output what
 * it gets back.
 */
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io }) as Record<string, unknown>;

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const commonComponents = {
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

/** The head of a service's document: what it is and how callers authenticate; the paths come from its routes. */
export interface OpenApiHeader {
  info: { title: string; version: string; description?: string };
  security?: Array<Record<string, string[]>>;
}

/** A group of declared routes, or a list of them. */
type Declarations = Readonly<Record<string, RouteDeclaration>> | readonly RouteDeclaration[];

/**
 * A service's whole document from its route declarations: an operation per route with its
 * operation id, tag, parameters, body, answers (with their schemas) and the problems every
 * authenticated route can give, and the common components (Problem, security schemes).
 */
export function openApiDocument(header: OpenApiHeader, groups: readonly Declarations[]): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const declaration of groups.flatMap((group) => Object.values(group) as RouteDeclaration[])) {
    const path = openApiPath(declaration.path);
    const item = (paths[path] ??= {});
    if (item[declaration.method]) throw new Error(`${declaration.method.toUpperCase()} ${path} is declared twice`);
    item[declaration.method] = operationOf(declaration, path);
  }
  return { openapi: '3.1.0', info: header.info, security: header.security ?? [{ bearer: [] }, { apiKey: [] }], paths, components: commonComponents };
}

function parametersOf(declaration: RouteDeclaration): unknown[] {
  const parameters: unknown[] = [];
  const from = (schema: z.ZodType | undefined, where: 'path' | 'query') => {
    if (!schema) return;
    const json = jsonSchema(schema, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = property;
      parameters.push({
        name,
        in: where,
        required: where === 'path' || (json.required?.includes(name) ?? false),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  };
  from(declaration.params, 'path');
  from(declaration.query, 'query');
  for (const [name, description] of Object.entries(declaration.requestHeaders ?? {})) {
    parameters.push({ name, in: 'header', required: false, description, schema: { type: 'string' } });
  }
  if (declaration.idempotent) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Repeat a request safely: the same key answers the first result again.',
      schema: { type: 'string', maxLength: 200 },
    });
  }
  return parameters;
}

/**
 * An example the document shows must be one its schema takes: a wrong one is a programming error
 * (like a route declared twice), found when the document is made, i.e. when the service starts.
 */
function refuseWrongExample(declaration: RouteDeclaration, what: string, schema: z.ZodType, example: unknown): void {
  if (example === undefined) return;
  const issues = schema.safeParse(example).error?.issues;
  if (!issues) return;
  const paths = issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
  throw new Error(`${declaration.method.toUpperCase()} ${declaration.path}: the ${what} example does not match its schema (${paths})`);
}

function requestBodyOf(declaration: RouteDeclaration): Record<string, unknown> {
  if (!declaration.body) return {};
  const mediaType = declaration.bodyMediaType ?? 'application/json';
  const example = declaration.example ?? (declaration.body.meta() as { example?: unknown } | undefined)?.example;
  if (!declaration.bodyMediaType) refuseWrongExample(declaration, 'body', declaration.body, example);
  const schema = declaration.bodyMediaType ? { type: 'string', format: 'binary' } : jsonSchema(declaration.body, 'input');
  return { requestBody: { required: true, content: { [mediaType]: { schema, ...(example !== undefined ? { example } : {}) } } } };
}

function responsesOf(declaration: RouteDeclaration): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(declaration.responses)) {
    const [description, body, example] = typeof spec === 'string' ? [spec, undefined, undefined] : spec;
    if (body !== undefined && typeof body !== 'string') refuseWrongExample(declaration, `${status} answer`, body, example);
    const media = { ...(example !== undefined ? { example } : {}) };
    const content =
      body === undefined
        ? undefined
        : typeof body === 'string'
          ? { [body]: { schema: { type: 'string' }, ...media } }
          : { 'application/json': { schema: jsonSchema(body), ...media } };
    const headers = Object.fromEntries(Object.entries(declaration.responseHeaders ?? {}).map(([name, about]) => [name, { description: about, schema: { type: 'string' } }]));
    responses[status] = { description, ...(Object.keys(headers).length > 0 ? { headers } : {}), ...(content ? { content } : {}) };
  }
  for (const [status, description] of Object.entries(declaration.problems ?? {})) responses[status] = problemResponse(description);
  const permissions = permissionsOf(declaration);
  responses['400'] ??= problemResponse('Invalid input (RFC 9457 problem with `errors`)');
  // Every declared route is behind authentication (health, metrics and the document are not declared routes).
  responses['401'] ??= problemResponse('Missing or invalid credentials');
  if (permissions.length > 0) responses['403'] ??= problemResponse(`Missing permission ${permissions.join(' or ')}`);
  return responses;
}

/** One OpenAPI operation from a route declaration. */
function operationOf(declaration: RouteDeclaration, path: string): Record<string, unknown> {
  const permissions = permissionsOf(declaration);
  const needs = permissions.length > 0 ? `Needs ${permissions.map((p) => `\`${p}\``).join(' and ')}.` : '';
  const description = [declaration.description, needs].filter(Boolean).join('\n\n');
  const parameters = parametersOf(declaration);
  return {
    operationId: operationIdOf(declaration.method, path),
    tags: [tagOf(path)],
    summary: declaration.summary,
    ...(description ? { description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...requestBodyOf(declaration),
    responses: responsesOf(declaration),
  };
}

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
function operationIdOf(method: string, path: string): string {
  const parts = path.split('/').filter(Boolean).map((segment) => (segment.startsWith('{') ? `By${pascal(segment.slice(1, -1))}` : pascal(segment)));
  return `${method.toLowerCase()}${parts.join('')}`;
}

/** The tag an operation is listed under in /docs: its path's first segment (`agent-crm`, `carrier-feeds`, `internal` ...). */
const tagOf = (path: string): string => path.split('/').filter(Boolean)[0] ?? 'service';

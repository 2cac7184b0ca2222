import { z } from 'zod';
import { commonComponents, jsonSchema, operationIdOf, problemResponse, tagOf, type OpenApiDocument } from './openapi';

// The hand-written documents of the services that do not declare their routes yet (issue 13
// item 5): this file goes when the last one does.

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

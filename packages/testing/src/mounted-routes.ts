import type { Express } from 'express';
import type { OpenApiDocument } from '@agencyflow/http';
import type { ServiceDefinition } from '@agencyflow/service-kit';
import { shortId } from './ids';
import { startTestService } from './service-harness';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every route an Express app mounts, as `METHOD /path/{param}` (OpenAPI's spelling), nested
 * routers included. A service's OpenAPI test compares its document with this, so a route cannot
 * be mounted without being documented.
 */
export function mountedRoutes(app: Express): string[] {
  const found = new Set<string>();
  const walk = (stack: Layer[] | undefined) => {
    for (const layer of stack ?? []) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths) {
          for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) {
            found.add(`${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`);
          }
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router?: { stack: Layer[] } }).router?.stack);
  return [...found].sort();
}

/** The operations an OpenAPI document lists, as `METHOD /path`. */
export function documentedOperations(document: { paths?: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(document.paths ?? {})
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

/**
 * A service's mounted routes (the base app's health, OpenAPI and docs routes left out) and the
 * operations its OpenAPI document lists, from an instance started without its background parts.
 */
export async function routesAndDocument(definition: ServiceDefinition): Promise<{ mounted: string[]; documented: string[]; operationProblems: string[] }> {
  const service = await startTestService(definition, { prefix: `t${shortId()}.`, start: false });
  try {
    const mounted = mountedRoutes(service.runtime.app).filter((r) => !/ \/(healthz|readyz|metrics|openapi\.json|docs)\b/.test(r));
    const document = definition.openapi();
    return { mounted, documented: documentedOperations(document as never), operationProblems: operationProblems(document) };
  } finally {
    await service.stop();
  }
}

/**
 * What a served document lacks, per operation: a unique operation id, a tag, a summary, a success
 * answer, the problem answers every authenticated route can give (400, 401), and a schema for each
 * success body (a read's 200 must declare one). Empty when complete. Whether the handlers really
 * answer what is declared is checked while the tests run (mountRoutes' response check).
 */
export function operationProblems(document: OpenApiDocument): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Record<string, unknown> | undefined>>)) {
    for (const method of ['get', 'put', 'post', 'patch', 'delete']) {
      const op = item[method];
      if (!op) continue;
      const name = `${method.toUpperCase()} ${path}`;
      const id = op.operationId as string | undefined;
      if (!id) problems.push(`${name}: no operationId`);
      else if (seen.has(id)) problems.push(`${name}: operationId ${id} is also ${seen.get(id)}'s`);
      else seen.set(id, name);
      if (!Array.isArray(op.tags) || op.tags.length === 0) problems.push(`${name}: no tag`);
      if (!op.summary) problems.push(`${name}: no summary`);
      const statuses = Object.keys((op.responses as Record<string, unknown> | undefined) ?? {});
      if (!statuses.some((s) => s.startsWith('2') || s.startsWith('3'))) problems.push(`${name}: no success answer documented`);
      if (!statuses.includes('401')) problems.push(`${name}: no 401 documented`);
      const responses = (op.responses ?? {}) as Record<string, { content?: Record<string, { schema?: unknown }> }>;
      for (const status of statuses.filter((s) => s.startsWith('2'))) {
        const content = responses[status]?.content;
        if (content && Object.values(content).some((media) => !media.schema)) problems.push(`${name}: ${status} has a body without a schema`);
        // A read answers with something: its JSON schema, or the media type it streams.
        if (method === 'get' && status === '200' && !content) problems.push(`${name}: 200 declares no body`);
      }
    }
  }
  return problems;
}

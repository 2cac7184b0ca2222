import type { Express } from 'express';
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
export async function routesAndDocument(definition: ServiceDefinition): Promise<{ mounted: string[]; documented: string[] }> {
  const service = await startTestService(definition, { prefix: `t${shortId()}.`, start: false });
  try {
    const mounted = mountedRoutes(service.runtime.app).filter((r) => !/ \/(healthz|readyz|metrics|openapi\.json|docs)\b/.test(r));
    return { mounted, documented: documentedOperations(definition.openapi() as never) };
  } finally {
    await service.stop();
  }
}

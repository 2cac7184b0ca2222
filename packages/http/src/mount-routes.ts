import { Router, type RequestHandler } from 'express';
import type { Logger } from '@agencyflow/logger';
import { requirePermission } from './auth';
import { idempotency, type IdempotencyStore } from './idempotency';
import { checkResponses, responsesCheckedHere } from './response-check';
import { pathParameterNames, permissionsOf, type BoundRoute, type RouteDeclaration } from './route-declaration';
import { parseInput } from './validate';

export interface MountOptions {
  logger: Logger;
  /** Needed when a route is `idempotent`. */
  idempotencyStore?: IdempotencyStore;
  /** Hold every 2xx JSON answer to its declared schema (default: under tests, see responsesCheckedHere). */
  checkResponses?: boolean;
}

/** A declaration that cannot be mounted as written is a programming error: the service does not start. */
function refuseInconsistent(declaration: RouteDeclaration): void {
  const where = `${declaration.method.toUpperCase()} ${declaration.path}`;
  const inPath = pathParameterNames(declaration.path).sort();
  const shape = (declaration.params as { shape?: Record<string, unknown> } | undefined)?.shape;
  const declared = Object.keys(shape ?? {}).sort();
  if (inPath.join() !== declared.join()) {
    throw new Error(`${where}: the params schema declares [${declared.join(', ')}] but the path has [${inPath.join(', ')}]`);
  }
  if (Object.keys(declaration.responses).length === 0) throw new Error(`${where}: no successful answer declared`);
}

/**
 * Mounts declared routes on a router: for each, the permission check, the route's own
 * middleware, idempotency when declared, then the input parsed against the declaration (400
 * problem otherwise) and handed to the handler. In tests each 2xx JSON answer is also checked
 * against its declared schema.
 */
export function mountRoutes(routes: readonly BoundRoute[], options: MountOptions): Router {
  const router = Router();
  const check = options.checkResponses ?? responsesCheckedHere();
  for (const { declaration, middleware, handler } of routes) {
    refuseInconsistent(declaration);
    const chain: RequestHandler[] = [];
    if (check) chain.push(checkResponses(declaration, options.logger));
    const permissions = permissionsOf(declaration);
    if (permissions.length > 0) chain.push(requirePermission(...permissions));
    chain.push(...middleware);
    if (declaration.idempotent) {
      if (!options.idempotencyStore) throw new Error(`${declaration.method.toUpperCase()} ${declaration.path} is idempotent, but no idempotency store was given`);
      chain.push(idempotency(options.idempotencyStore));
    }
    const readsJsonBody = declaration.body !== undefined && declaration.bodyMediaType === undefined;
    chain.push(async (req, res) => {
      const input = {
        params: declaration.params ? parseInput(declaration.params, req.params, 'path') : undefined,
        query: declaration.query ? parseInput(declaration.query, req.query, 'query') : undefined,
        body: readsJsonBody ? parseInput(declaration.body!, req.body) : undefined,
      };
      await handler(input as never, req, res);
    });
    router[declaration.method](declaration.path, ...chain);
  }
  return router;
}

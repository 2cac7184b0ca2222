import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { Permission } from '@agencyflow/contracts';

export type HttpMethod = 'get' | 'put' | 'post' | 'patch' | 'delete';

/**
 * One answer a route gives: its description alone (no body: 204, a redirect), with the zod
 * schema of its JSON body, or with the media type of a body that is not JSON (a CSV stream);
 * optionally an example of the body for the document.
 */
export type ResponseSpec = string | readonly [description: string, body: z.ZodType | string, example?: unknown];

/**
 * Everything a route is, but its handler, in one place (ARCHITECTURE "A route is declared
 * once"): the mount layer checks the permission and parses the input from it, the OpenAPI
 * document is generated from it, and in tests every 2xx JSON answer is held to its schema.
 */
export interface RouteDeclaration {
  method: HttpMethod;
  /** Express's spelling (`/policies/:policyId`); the document says `{policyId}`. */
  path: string;
  summary: string;
  description?: string;
  /** Every permission the caller needs (403 naming the first one missing). None: any authenticated caller. */
  permission?: Permission | readonly Permission[];
  /** Required when the path has parameters: one key for each. */
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A body that is not JSON is read by the handler itself (a stream); the schema only documents it. */
  bodyMediaType?: string;
  /** An example body for the document; the body schema's `example` meta when not given. */
  example?: unknown;
  /** Takes an Idempotency-Key: the mount layer runs the idempotency middleware before the handler. */
  idempotent?: boolean;
  /** Request headers the route reads besides credentials and Idempotency-Key (name -> description). */
  requestHeaders?: Readonly<Record<string, string>>;
  /** Headers every successful answer carries (name -> description), e.g. ETag. */
  responseHeaders?: Readonly<Record<string, string>>;
  /** Successful answers by status. */
  responses: Readonly<Record<number, ResponseSpec>>;
  /** The problem answers this route gives besides 400, 401 and 403 (which every route documents). */
  problems?: Readonly<Record<number, string>>;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What the handler receives: the input already parsed (a 400 problem before it runs otherwise). */
export interface RouteInput<D extends RouteDeclaration> {
  params: Parsed<D['params']>;
  query: Parsed<D['query']>;
  body: D['bodyMediaType'] extends string ? undefined : Parsed<D['body']>;
}

export type RouteHandler<D extends RouteDeclaration> = (input: RouteInput<D>, req: Request, res: Response) => unknown;

/** A handler, or a handler with the middleware it needs besides permission and idempotency (uploads, raw bodies). */
export type RouteImplementation<D extends RouteDeclaration> = RouteHandler<D> | { middleware: RequestHandler[]; handler: RouteHandler<D> };

export interface BoundRoute {
  declaration: RouteDeclaration;
  middleware: RequestHandler[];
  handler: RouteHandler<RouteDeclaration>;
}

/** A group of routes by name; the names only pair each declaration with its handler. */
export const defineRoutes = <const T extends Record<string, RouteDeclaration>>(routes: T): T => routes;

/**
 * Pairs each declared route with its handler (the compiler holds the two sets of names equal,
 * and types each handler's input from its declaration).
 */
export function implementRoutes<T extends Record<string, RouteDeclaration>>(routes: T, implementations: { [K in keyof T]: RouteImplementation<T[K]> }): BoundRoute[] {
  return Object.entries(routes).map(([name, declaration]) => {
    const implementation = implementations[name as keyof T] as RouteImplementation<RouteDeclaration>;
    return typeof implementation === 'function'
      ? { declaration, middleware: [], handler: implementation }
      : { declaration, middleware: implementation.middleware, handler: implementation.handler };
  });
}

/** The names of a path's parameters, in order: `/a/:x/b/:y` -> ['x', 'y']. */
export const pathParameterNames = (path: string): string[] => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);

/** Express's path in OpenAPI's spelling: `/a/:x` -> `/a/{x}`. */
export const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

export const permissionsOf = (declaration: RouteDeclaration): readonly Permission[] =>
  declaration.permission === undefined ? [] : typeof declaration.permission === 'string' ? [declaration.permission as Permission] : (declaration.permission as readonly Permission[]);

/** The JSON schema of a 2xx answer, or undefined when it has no JSON body. */
export function responseSchemaOf(declaration: RouteDeclaration, status: number): z.ZodType | undefined {
  const spec = declaration.responses[status];
  return Array.isArray(spec) && typeof spec[1] !== 'string' ? (spec[1] as z.ZodType) : undefined;
}

/** A JSON Schema (2020-12) node as the services' OpenAPI documents hold them. */
export type JsonSchema = Record<string, unknown>;

export interface FuzzParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

export interface FuzzBody {
  mediaType: string;
  schema: JsonSchema;
  example?: unknown;
}

/** One documented operation, with everything the generators need to build requests for it. */
export interface FuzzOperation {
  method: string;
  /** OpenAPI path template, e.g. `/accounts/{accountId}`. */
  path: string;
  /** `METHOD /path`, as test titles and reports name it. */
  title: string;
  parameters: FuzzParameter[];
  body?: FuzzBody;
}

const methods = ['get', 'put', 'post', 'patch', 'delete'];

/** Follows local `$ref`s (`#/components/...`) so generators only ever see plain schemas. */
function resolve(document: JsonSchema, node: unknown, seen = new Set<string>()): unknown {
  if (Array.isArray(node)) return node.map((item) => resolve(document, item, seen));
  if (node === null || typeof node !== 'object') return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/') && !seen.has(ref)) {
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], document);
    return resolve(document, target, new Set([...seen, ref]));
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, resolve(document, value, seen)]));
}

/** Every operation of an OpenAPI 3.1 document, in document order. */
export function operationsOf(document: JsonSchema): FuzzOperation[] {
  const paths = (resolve(document, document.paths ?? {}) ?? {}) as Record<string, Record<string, JsonSchema>>;
  return Object.entries(paths).flatMap(([path, item]) =>
    methods
      .filter((method) => item[method])
      .map((method): FuzzOperation => {
        const spec = item[method]!;
        const parameters = ((spec.parameters ?? []) as FuzzParameter[]).map((p) => ({ ...p, required: p.required ?? false, schema: p.schema ?? {} }));
        const content = (spec.requestBody as { content?: Record<string, { schema?: JsonSchema; example?: unknown }> } | undefined)?.content;
        const [mediaType, media] = Object.entries(content ?? {})[0] ?? [];
        return {
          method: method.toUpperCase(),
          path,
          title: `${method.toUpperCase()} ${path}`,
          parameters,
          ...(mediaType ? { body: { mediaType, schema: media?.schema ?? {}, example: media?.example } } : {}),
        };
      }),
  );
}

import { gzipSync } from 'node:zlib';
import * as fc from 'fast-check';
import type { FuzzPayload } from './fuzz-request';
import { anyJson, badDates, deepJsonText, hostileTexts, hugeText, numberLikeTexts, outOfRangeNumbers } from './hostile-values';
import { PoolRef, resolveRefs, type Pools } from './pools';

/** Where a node sits in a JSON value: keys and indexes from the root. */
type JsonPath = Array<string | number>;

const isContainer = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !(value instanceof PoolRef);

/** Every node of the value (the root first), containers and leaves alike. */
function nodes(value: unknown, path: JsonPath = []): Array<{ path: JsonPath; value: unknown }> {
  const here = [{ path, value }];
  if (!isContainer(value)) return here;
  return here.concat(Object.entries(value).flatMap(([key, child]) => nodes(child, [...path, Array.isArray(value) ? Number(key) : key])));
}

/** A copy of the value with the node at `path` replaced (or removed, with `remove`). */
function withNode(root: unknown, path: JsonPath, replacement: unknown, remove = false): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as Record<string, unknown>) }) as Record<string | number, unknown>;
  if (rest.length > 0) copy[head!] = withNode(copy[head!], rest, replacement, remove);
  else if (remove && Array.isArray(copy)) copy.splice(Number(head), 1);
  else if (remove) delete copy[head!];
  else copy[head!] = replacement;
  return copy;
}

/** An own, enumerable property even for `__proto__`, so JSON.stringify sends it. */
const withKey = (object: unknown, key: string, value: unknown) =>
  Object.defineProperty({ ...(object as object) }, key, { value, enumerable: true, configurable: true, writable: true });

const pick = <T>(items: T[]) => fc.nat({ max: Math.max(0, items.length - 1) }).map((i) => items[i]!);

type Mutated = { variant: string; body: FuzzPayload };
type JsonMutation = (body: unknown) => fc.Arbitrary<Mutated>;
const json = (variant: string, value: unknown): Mutated => ({ variant, body: { kind: 'json', value } });
/** Bytes built from the body when sent (ids resolved then), with a content type and encoding. */
const bytes = (variant: string, build: (body: unknown) => Buffer | string, body: unknown, contentType = 'application/json', contentEncoding?: string): Mutated => ({
  variant,
  body: { kind: 'bytes', bytes: (pools?: Pools) => build(resolveRefs(body, pools)), contentType, ...(contentEncoding ? { contentEncoding } : {}) },
});
const jsonText = (body: unknown) => JSON.stringify(body) ?? '';
/** The body as JSON text with one node swapped for raw text (what JSON.stringify cannot write). */
const spliced = (path: JsonPath, raw: string) => (body: unknown) => {
  const marker = '\u0001splice\u0001';
  return jsonText(withNode(body, path, marker)).replace(JSON.stringify(marker), raw);
};

/** The scalar nodes; an empty object or array stands for itself. */
const leaves = (body: unknown) => {
  const found = nodes(body).filter((n) => !isContainer(n.value));
  return found.length > 0 ? found : nodes(body).slice(0, 1);
};
const strings = (body: unknown) => nodes(body).filter((n) => typeof n.value === 'string');
const objects = (body: unknown) => nodes(body).filter((n) => isContainer(n.value) && !Array.isArray(n.value));
/** Fields (object members and array items): what can be dropped. */
const members = (body: unknown) => nodes(body).filter((n) => n.path.length > 0);
const where = (path: JsonPath) => path.join('.') || 'root';
const insertNul = (value: string, at: number) => `${value.slice(0, at % (value.length + 1))}\u0000${value.slice(at % (value.length + 1))}`;

/** Mutations of a JSON body, each a small arbitrary over where and with what. */
export const jsonMutations: Record<string, JsonMutation> = {
  'missing-field': (body) =>
    members(body).length === 0 ? fc.constant(json('missing-field (empty body)', {})) : pick(members(body)).map((n) => json(`missing-field ${where(n.path)}`, withNode(body, n.path, undefined, true))),
  'wrong-type': (body) => fc.tuple(pick(nodes(body)), anyJson).map(([n, junk]) => json(`wrong-type ${where(n.path)}`, withNode(body, n.path, junk))),
  'huge-text': (body) =>
    fc.tuple(pick(leaves(body)), hugeText, fc.boolean()).map(([n, huge, asExtra]) =>
      asExtra && objects(body).length > 0 ? json('huge-text in an extra field', withKey(body, 'extra', huge)) : json(`huge-text ${where(n.path)}`, withNode(body, n.path, huge)),
    ),
  // Longer than an index entry can hold, yet still matching the field's pattern where the pattern
  // has no length (an email padded in front stays an email).
  'long-text': (body) =>
    fc.tuple(pick(strings(body).length > 0 ? strings(body) : leaves(body)), fc.constantFrom(300, 3_000, 30_000, 300_000)).map(([n, length]) => {
      const value = typeof n.value === 'string' && n.value.length > 0 ? n.value : 'a';
      return json(`long-text ${where(n.path)} (${length})`, withNode(body, n.path, `${value[0]!.repeat(length)}${value}`));
    }),
  'nul-character': (body) =>
    fc.tuple(fc.option(pick(strings(body)), { nil: undefined }), pick(objects(body)), fc.nat()).map(([text, object, at]) =>
      text && typeof text.value === 'string'
        ? json(`nul-character ${where(text.path)}`, withNode(body, text.path, insertNul(text.value, at)))
        : json(`nul-character in a key at ${where(object?.path ?? [])}`, withNode(body, object?.path ?? [], withKey(object?.value ?? {}, 'no\u0000te', 'x'))),
    ),
  'hostile-text': (body) => fc.tuple(pick(leaves(body)), fc.constantFrom(...hostileTexts)).map(([n, junk]) => json(`hostile-text ${where(n.path)}`, withNode(body, n.path, junk))),
  'number-out-of-range': (body) =>
    fc.tuple(pick(leaves(body)), fc.constantFrom(...outOfRangeNumbers, ...numberLikeTexts)).map(([n, junk]) => json(`number-out-of-range ${where(n.path)}`, withNode(body, n.path, junk))),
  'bad-date': (body) => {
    const dated = strings(body).filter((n) => /^\d{4}-\d\d/.test(String(n.value)));
    return fc.tuple(pick(dated.length > 0 ? dated : leaves(body)), fc.constantFrom(...badDates)).map(([n, date]) => json(`bad-date ${where(n.path)}`, withNode(body, n.path, date)));
  },
  'unknown-field': (body) =>
    fc.tuple(pick(objects(body).length > 0 ? objects(body) : [{ path: [], value: {} }]), fc.constantFrom('__proto__', 'constructor', 'tenantId', 'id', 'revision', 'extra'), anyJson).map(([n, key, junk]) =>
      json(`unknown-field ${where([...n.path, key])}`, withNode(body, n.path, withKey(n.value, key, junk))),
    ),
  'deep-nesting': (body) =>
    fc.tuple(pick(nodes(body)), fc.constantFrom(31, 32, 33, 200, 5_000, 100_000), fc.constantFrom('object' as const, 'array' as const)).map(([n, depth, kind]) =>
      bytes(`deep-nesting ${depth} ${kind} at ${where(n.path)}`, spliced(n.path, deepJsonText(depth, '1', kind)), body),
    ),
  'not-an-object': () => fc.constantFrom<unknown>([], [{}], 'text', 42, null, true).map((value) => json('not-an-object', value)),
  'malformed-json': (body) =>
    fc.tuple(fc.nat(), fc.constantFrom('truncated', 'trailing-comma', 'single-quotes', 'two-documents', 'bom', 'nan', 'raw-control', 'leading-zero')).map(([at, how]) => {
      const broken: Record<string, (whole: string) => string> = {
        truncated: (whole) => whole.slice(0, at % Math.max(1, whole.length)),
        'trailing-comma': (whole) => `${whole.slice(0, -1)},}`,
        'single-quotes': (whole) => whole.replaceAll('"', "'"),
        'two-documents': (whole) => `${whole}${whole}`,
        bom: (whole) => `\ufeff${whole}`,
        nan: () => '{"value": NaN}',
        'raw-control': () => '{"name": "a\u0001\nb"}',
        'leading-zero': () => '{"limit": 007}',
      };
      return bytes(`malformed-json ${how}`, (resolved) => broken[how]!(jsonText(resolved)), body);
    }),
  'invalid-utf8': (body) =>
    pick(strings(body).length > 0 ? strings(body) : nodes(body)).map((n) =>
      bytes(`invalid-utf8 ${where(n.path)}`, (resolved) => {
        const [before, after] = spliced(n.path, '"\u0002"')(resolved).split('\u0002');
        return Buffer.concat([Buffer.from(before!), Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from(after ?? '')]);
      }, body),
    ),
  'wrong-content-type': (body) =>
    fc
      .constantFrom('text/plain', 'application/xml', 'text/csv', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/octet-stream', 'a/b/c', '')
      .map((type) => bytes(`wrong-content-type ${JSON.stringify(type)}`, jsonText, body, type)),
  'content-encoding': (body) =>
    fc.constantFrom('gzip', 'deflate', 'br', 'compress', 'gzip, gzip', 'valid-gzip').map((encoding) =>
      encoding === 'valid-gzip'
        ? bytes('content-encoding gzip (valid)', (resolved) => gzipSync(jsonText(resolved)), body, 'application/json', 'gzip')
        : bytes(`content-encoding ${encoding} (not encoded)`, jsonText, body, 'application/json', encoding),
    ),
};

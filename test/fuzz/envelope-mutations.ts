import * as fc from 'fast-check';
import { Raw, type FuzzRequest } from './fuzz-request';
import { badDates, hostileSegments, hostileTexts, numberLikeTexts } from './hostile-values';
import type { FuzzOperation } from './openapi-operations';

/**
 * Mutations of everything around the body: path parameters, the query string, headers, and a
 * body where the operation takes none. Each returns undefined where it does not apply.
 */
type EnvelopeMutation = (request: FuzzRequest, operation: FuzzOperation) => fc.Arbitrary<FuzzRequest> | undefined;

/** Percent-encodes the UTF-8 bytes of any text (a lone surrogate becomes U+FFFD, as a browser would send it). */
const percentEncoded = (text: string) => [...Buffer.from(text, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`)).join('');

/** What a hostile client puts in a URL component: malformed escapes, encoded junk, bad dates, not-quite numbers. */
const hostileComponent: fc.Arbitrary<Raw> = fc.oneof(
  fc.constantFrom(...hostileSegments).map((text) => new Raw(text)),
  fc.constantFrom(...hostileTexts, ...badDates, ...numberLikeTexts).map((text) => new Raw(percentEncoded(text))),
);

const namesIn = (operation: FuzzOperation, where: 'path' | 'query') => operation.parameters.filter((p) => p.in === where).map((p) => p.name);

export const envelopeMutations: Record<string, EnvelopeMutation> = {
  'path-parameter': (request, operation) => {
    const names = namesIn(operation, 'path');
    if (names.length === 0) return undefined;
    return fc.tuple(fc.constantFrom(...names), hostileComponent).map(([name, value]) => ({
      ...request,
      pathParams: { ...request.pathParams, [name]: value },
      variant: `path-parameter ${name}=${value.text.slice(0, 40)}`,
    }));
  },
  'query-value': (request, operation) => {
    const names = [...namesIn(operation, 'query'), 'limit', 'cursor'];
    return fc.tuple(fc.constantFrom(...names), hostileComponent).map(([name, value]) => ({
      ...request,
      query: [...request.query.filter(([key]) => key !== name), [name, value]],
      variant: `query-value ${name}=${value.text.slice(0, 40)}`,
    }));
  },
  'query-repeated': (request, operation) => {
    const names = namesIn(operation, 'query');
    if (names.length === 0) return undefined;
    return fc.tuple(fc.constantFrom(...names), fc.constantFrom('a', '1', '', 'true')).map(([name, value]) => ({
      ...request,
      query: [...request.query, [name, value], [name, value]],
      variant: `query-repeated ${name}`,
    }));
  },
  'query-odd-key': (request) =>
    fc.constantFrom<Array<[unknown, unknown]>>([new Raw('__proto__'), 'x'], [new Raw('constructor'), 'x'], [new Raw('status[]'), 'a'], [new Raw('a[b]'), 'c'], [new Raw(''), 'x'], [new Raw('%zz'), 'x'], [new Raw('%00'), '%00']).map(([key, value]) => ({
      ...request,
      query: [...request.query, [key, value] as [string, unknown]],
      variant: `query-odd-key ${String((key as Raw).text)}`,
    })),
  header: (request) =>
    fc
      .constantFrom<[string, string]>(
        ['idempotency-key', ''],
        ['idempotency-key', ' '],
        ['idempotency-key', 'k'.repeat(201)],
        ['idempotency-key', 'k\u00fc'],
        ['idempotency-key', 'a b/c'],
        ['idempotency-key', 'x'.repeat(8_000)],
        ['if-match', 'W/"1"'],
        ['if-match', '"abc"'],
        ['if-match', '*'],
        ['if-match', '"99999999999999999999"'],
        ['if-match', '"-1"'],
        ['authorization', 'Bearer garbage'],
        ['authorization', 'Basic Zm9vOmJhcg=='],
        ['authorization', ''],
        ['x-api-key', '\u00ff'.repeat(50)],
        ['accept', 'application/xml'],
      )
      .map(([name, value]) => ({ ...request, headers: { ...request.headers, [name]: value }, variant: `header ${name}: ${value.slice(0, 30)}` })),
  // A tenant's first request: whatever a service makes on first use (default rows) must not be
  // written by a request it refuses. The ids it names are another tenant's, so mostly 404s.
  'new-tenant': (request) => fc.constant({ ...request, asNewTenant: true, variant: `new-tenant (${request.variant})` }),
  'unexpected-body': (request, operation) => {
    if (operation.body) return undefined;
    return fc
      .constantFrom<FuzzRequest['body']>(
        { kind: 'json', value: { unexpected: true } },
        { kind: 'bytes', bytes: 'not json', contentType: 'application/json' },
        { kind: 'bytes', bytes: 'plain', contentType: 'text/plain' },
        { kind: 'bytes', bytes: Buffer.from([0xff, 0x00, 0xfe]), contentType: 'application/octet-stream' },
        { kind: 'bytes', bytes: '{}', contentType: 'application/json', contentEncoding: 'gzip' },
      )
      .map((body) => ({ ...request, body, variant: `unexpected-body ${body!.kind === 'json' ? 'json' : body!.contentType}` }));
  },
};

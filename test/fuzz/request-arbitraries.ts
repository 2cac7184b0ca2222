import * as fc from 'fast-check';
import { conforming } from './conforming';
import { envelopeMutations } from './envelope-mutations';
import { printable, type FuzzPayload, type FuzzRequest } from './fuzz-request';
import { jsonMutations } from './json-mutations';
import type { FuzzOperation, FuzzParameter } from './openapi-operations';
import { conformingBinary, conformingCsv, mutatedBinary, mutatedCsv } from './text-bodies';

const isJson = (mediaType: string) => /^application\/(.+\+)?json$/.test(mediaType);
const isText = (mediaType: string) => mediaType.startsWith('text/');

/** A query value as text; null and undefined leave the parameter out. */
const asQueryValue = (value: unknown) => (value === null || value === undefined ? undefined : value);

function conformingHeaders(parameters: FuzzParameter[]): fc.Arbitrary<Record<string, string>> {
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const parameter of parameters.filter((p) => p.in === 'header')) {
    const name = parameter.name.toLowerCase();
    // Mostly fresh keys, sometimes one of a few shared ones: a repeat must replay or be refused, never run twice.
    if (name === 'idempotency-key') model[name] = fc.oneof({ weight: 4, arbitrary: fc.nat().map((n) => `fz-${n}`) }, { weight: 1, arbitrary: fc.nat(3).map((n) => `fz-shared-${n}`) });
    else if (name === 'if-match') model[name] = fc.nat(4).map((n) => `"${n}"`);
    else model[name] = conforming(parameter.schema).map(String);
  }
  return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>;
}

function conformingBody(operation: FuzzOperation): fc.Arbitrary<FuzzPayload | undefined> {
  const body = operation.body;
  if (!body) return fc.constant(undefined);
  if (isJson(body.mediaType)) {
    const generated = conforming(body.schema, { example: body.example });
    const value = body.example === undefined ? generated : fc.oneof({ weight: 1, arbitrary: fc.constant(body.example) }, { weight: 4, arbitrary: generated });
    return value.map((v): FuzzPayload => ({ kind: 'json', value: v }));
  }
  if (isText(body.mediaType) && typeof body.example === 'string') return conformingCsv(body.example, body.mediaType);
  return conformingBinary(body.mediaType);
}

/** Requests that conform to the operation's document: path, query, headers and body. */
export function conformingRequest(operation: FuzzOperation): fc.Arbitrary<FuzzRequest> {
  const pathParams = fc.record(
    Object.fromEntries(operation.parameters.filter((p) => p.in === 'path').map((p) => [p.name, conforming(p.schema, { name: p.name })])),
  );
  const queryParameters = operation.parameters.filter((p) => p.in === 'query');
  const query = fc.record(
    Object.fromEntries(queryParameters.map((p) => [p.name, conforming(p.schema, { name: p.name })])),
    { requiredKeys: queryParameters.filter((p) => p.required).map((p) => p.name) },
  );
  return fc.record({ pathParams, query, headers: conformingHeaders(operation.parameters), body: conformingBody(operation) }).map(
    ({ pathParams, query, headers, body }): FuzzRequest => ({
      method: operation.method,
      path: operation.path,
      pathParams,
      query: Object.entries(query).flatMap(([key, value]) => (asQueryValue(value) === undefined ? [] : [[key, value] as [string, unknown]])),
      headers,
      ...(body ? { body } : {}),
      variant: 'conforming',
    }),
  );
}

/** The mutations that fit this request: of its body (by media type) and of its envelope. */
function mutationsOf(operation: FuzzOperation, request: FuzzRequest): Array<fc.Arbitrary<FuzzRequest>> {
  const withBody = (mutated: fc.Arbitrary<{ variant: string; body: FuzzPayload }>) => mutated.map(({ variant, body }) => ({ ...request, body, variant }));
  const bodyMutations: Array<fc.Arbitrary<FuzzRequest>> = [];
  const { body } = request;
  const mediaType = operation.body?.mediaType;
  if (body?.kind === 'json') bodyMutations.push(...Object.values(jsonMutations).map((mutation) => withBody(mutation(body.value))));
  else if (mediaType && isText(mediaType) && typeof operation.body?.example === 'string') bodyMutations.push(withBody(mutatedCsv(operation.body.example, mediaType)));
  else if (mediaType) bodyMutations.push(withBody(mutatedBinary(mediaType)));
  const envelope = Object.values(envelopeMutations).flatMap((mutation) => mutation(request, operation) ?? []);
  return [...bodyMutations, ...envelope];
}

/** Requests with one thing wrong: a conforming request, then one mutation that fits it. */
export const mutatedRequest = (operation: FuzzOperation): fc.Arbitrary<FuzzRequest> =>
  conformingRequest(operation).chain((request) => fc.oneof(...mutationsOf(operation, request)));

/** What the suite sends to an operation: conforming requests (2 in 5) and mutated ones. */
export const fuzzRequests = (operation: FuzzOperation): fc.Arbitrary<FuzzRequest> =>
  fc.oneof({ weight: 2, arbitrary: conformingRequest(operation) }, { weight: 3, arbitrary: mutatedRequest(operation) }).map(printable);

import * as fc from 'fast-check';
import type { Sql } from 'postgres';
import { changedTables, fingerprint, tablesOf, type Fingerprint } from './fingerprint';
import { describeRequest, send, type FuzzRequest } from './fuzz-request';
import type { FuzzOperation } from './openapi-operations';
import type { Pools } from './pools';
import { fuzzRequests } from './request-arbitraries';

export interface FuzzTarget {
  service: string;
  url: string;
  /** The service's database, as its owner (sees every row whatever the row-level policies say). */
  sql: Sql;
  token: string;
  /** A token as good as `token`, for a tenant no request has used yet. */
  newTenantToken(): Promise<string>;
  pools(): Pools;
  /** After a success: the pools again (it may have made or deleted records), topped up where they ran low. */
  refreshPools(): Promise<void>;
}

export interface FuzzSettings {
  /** The suite's seed (FUZZ_SEED); each operation's run derives its own from it and its title. */
  seed: number;
  runs: number;
  shrink: boolean;
  /** Print every request and its status as it goes (FUZZ_TRACE=1). */
  trace: boolean;
}

/** Answers by status, conforming and mutated requests apart, and why conforming ones were refused: shows how far they got. */
export interface StatusCounts {
  conforming: Record<number, number>;
  mutated: Record<number, number>;
  refusedConforming: string[];
}

const hash = (text: string) => [...text].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 0);
export const operationSeed = (settings: FuzzSettings, operation: FuzzOperation) => (settings.seed ^ hash(operation.title)) | 0;

const excerpt = (text: string) => (text.length > 500 ? `${text.slice(0, 500)}…` : text);

/**
 * Sends `runs` generated requests to one operation, one at a time, and fails on the first that
 * gets a 5xx (or no answer), or that is refused (4xx: 400, 404, 409, 422 alike) yet changed the
 * service's database, or whose refusal is not an RFC 9457 problem body. Successes may
 * write; after one the pools are re-read and the next request takes a fresh fingerprint.
 */
export async function fuzzOperation(target: FuzzTarget, operation: FuzzOperation, settings: FuzzSettings): Promise<StatusCounts> {
  const tables = await tablesOf(target.sql);
  const counts: StatusCounts = { conforming: {}, mutated: {}, refusedConforming: [] };
  let before: Fingerprint | undefined;

  const check = async (request: FuzzRequest) => {
    before ??= await fingerprint(target.sql, tables);
    const pools = target.pools();
    const sent = `${describeRequest(request, pools)}${request.asNewTenant ? ' as a new tenant' : ''}`;
    const token = request.asNewTenant ? await target.newTenantToken() : target.token;
    const answer = await send(target.url, token, request, pools).catch((error: Error) => {
      throw new Error(`no answer (${error.message}) to ${sent}`);
    });
    if (settings.trace) console.info(`${answer.status} ${sent.slice(0, 300)}`);
    const bucket = counts[request.variant === 'conforming' ? 'conforming' : 'mutated'];
    bucket[answer.status] = (bucket[answer.status] ?? 0) + 1;
    if (answer.status >= 500) throw new Error(`${answer.status} ${excerpt(answer.text)}\n  to ${sent}`);
    if (answer.status < 400) {
      before = undefined;
      await target.refreshPools();
      return;
    }
    if (request.variant === 'conforming' && counts.refusedConforming.length < 5) counts.refusedConforming.push(`${answer.status} ${excerpt(answer.text)}`);
    const after = await fingerprint(target.sql, tables);
    const written = changedTables(before, after);
    before = after;
    if (written.length > 0) throw new Error(`refused with ${answer.status} but wrote ${written.join(', ')}\n  answer ${excerpt(answer.text)}\n  to ${sent}`);
    if (!answer.contentType.startsWith('application/problem+json')) {
      throw new Error(`refused with ${answer.status} without a problem body (content-type "${answer.contentType}")\n  answer ${excerpt(answer.text)}\n  to ${sent}`);
    }
  };

  const seed = operationSeed(settings, operation);
  try {
    await fc.assert(fc.asyncProperty(fuzzRequests(operation), check), { seed, numRuns: settings.runs, endOnFailure: !settings.shrink, includeErrorInReport: true });
  } catch (error) {
    const rerun = `FUZZ_SEED=${settings.seed} FUZZ_RUNS=${settings.runs} npx vitest run test/fuzz -t '${operation.title}'`;
    throw new Error(`X-5 fuzz of the ${target.service} service, ${operation.title} (seed ${settings.seed}; this operation's fast-check seed ${seed}). Rerun: ${rerun}\n${(error as Error).message}`);
  }
  return counts;
}

import { pipeline, Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  individualMatchesEndMark,
  individualMatchesPath,
  salesRecordSourcesPath,
  savedSearchNameHeader,
} from '@agencyflow/contracts';
import { ProblemError } from '@agencyflow/http';
import { postToAccountService, type AccountServicePeer } from '../http/account-service-call';

/** What a run acts on (SR-2): criteria, or a saved search of the tenant. */
export type RunTarget = { criteria: Record<string, unknown> } | { savedSearchId: string };

/** Where the sales service reads individuals from: the account service, which owns them and their search. */
export interface IndividualSource {
  /** The ids of every individual the target matches, as COPY text (one a line); a saved search's name. */
  matches(tenantId: string, target: RunTarget): Promise<{ ids: Readable; savedSearchName: string | null }>;
  /** SR-4: these individuals' fields as COPY text (salesRecordSourceColumns). */
  sources(tenantId: string, ids: string[]): Promise<Readable>;
}

/**
 * Passes the id lines through and refuses a list that does not end with the end mark: a body the
 * account service cut off (it failed mid-stream) must not pass for a shorter list.
 */
function untilEndMark(): Transform {
  let rest = '';
  let ended = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      const ids: string[] = [];
      for (const line of lines) {
        if (line === individualMatchesEndMark) ended = true;
        else if (line !== '' && !ended) ids.push(line);
      }
      done(null, ids.length > 0 ? `${ids.join('\n')}\n` : undefined);
    },
    flush(done) {
      if (rest === individualMatchesEndMark) ended = true;
      done(ended ? null : new Error('the account service ended the list of matches early'));
    },
  });
}

/**
 * Calls the account service's internal transfer endpoints with a short-lived token for the
 * tenant that carries only `individuals:transfer`. Refusals of the target (bad criteria, no such
 * saved search) come back as the same problems; anything else is a failure to retry.
 */
export function accountIndividuals(config: AccountServicePeer): IndividualSource {
  const call = (tenantId: string, path: string, body: unknown) => postToAccountService(config, { tenantId, permission: 'individuals:transfer', path, body });
  const stream = (response: Response) => Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  return {
    async matches(tenantId, target) {
      const response = await call(tenantId, individualMatchesPath, target);
      if ((response.status === 400 || response.status === 404) && response.headers.get('content-type')?.includes('problem+json')) {
        const problem = (await response.json()) as { type: string; title: string; detail?: string; errors?: unknown };
        const slug = problem.type.split('/').pop() ?? 'refused';
        throw new ProblemError(response.status, slug, problem.title, problem.detail, problem.errors ? { errors: problem.errors } : {});
      }
      if (!response.ok || !response.body) throw new Error(`the account service answered ${response.status} for the matches`);
      const name = response.headers.get(savedSearchNameHeader);
      // pipeline: a body that breaks off fails the ids stream too (the COPY reading it rolls back).
      const ids = untilEndMark();
      pipeline(stream(response), ids, () => undefined);
      return { ids, savedSearchName: name === null ? null : decodeURIComponent(name) };
    },
    async sources(tenantId, ids) {
      const response = await call(tenantId, salesRecordSourcesPath, { ids });
      // Retried by the activity's policy: the account service may be restarting.
      if (!response.ok || !response.body) throw new Error(`the account service answered ${response.status} for a page of sales record sources`);
      return stream(response);
    },
  };
}

import { setTimeout as sleep } from 'node:timers/promises';
import { CliError, type ApiClient, type Service } from '../client';
import { table, type Output } from '../progress';

/** One look at a job, in the terms every kind shares: where it is, how far, and its summary once done. */
interface JobStatus {
  state: string;
  finished: boolean;
  failed: boolean;
  done: number;
  total: number;
  unit: string;
  extra: string;
  summary: Array<[string, string | number]>;
}

type Counts = { inserted: number; updated: number; unchanged: number };
/** The fields the CLI reads of each job's GET answer (the services' OpenAPI documents have the rest). */
interface ImportJob {
  state: string;
  progress: { rowsDone: number; rowsTotal: number; rowsPerSecond: number; estimatedSecondsLeft: number | null };
  rows: { total: number; valid: number; rejected: number };
  policies: Counts;
  members: Counts;
  links: { rejections: string; outcomes: string };
  workflowId: string;
}
interface SalesRun {
  state: string;
  processed: number;
  matched: number;
  created: number;
  skipped: number;
  failed: number;
  ratePerSecond: number | null;
  estimatedSecondsLeft: number | null;
  workflowId: string;
}
interface SyncRun {
  state: string;
  trigger: string;
  reason: string | null;
  workflowId: string;
  policies?: number;
  policiesInserted?: number;
  policiesUpdated?: number;
  policiesUnchanged?: number;
  contactsCreated?: number;
}
interface BusinessJob {
  business: { name: string; kind: string; state: string; policySyncEnabled: boolean };
  runningSync: unknown;
  runs: Array<{ trigger: string; state: string }>;
}

/** The kinds of long work the CLI follows, each read from its own GET endpoint. */
export const jobKinds = {
  import: {
    service: 'policy' as Service,
    path: (id: string) => `/carrier-feeds/${id}`,
    read(job: ImportJob): JobStatus {
      const { progress, rows, policies, members } = job;
      return {
        state: job.state,
        finished: job.state === 'completed' || job.state === 'failed',
        failed: job.state === 'failed',
        done: progress.rowsDone,
        total: progress.rowsTotal,
        unit: 'rows',
        extra: `${progress.rowsPerSecond} rows/s${progress.estimatedSecondsLeft ? `, ${progress.estimatedSecondsLeft} s left` : ''}`,
        summary: [
          ['state', job.state],
          ['rows', `${rows.total} (${rows.valid} valid, ${rows.rejected} rejected)`],
          ['policies', `${policies.inserted} inserted, ${policies.updated} updated, ${policies.unchanged} unchanged`],
          ['members', `${members.inserted} inserted, ${members.updated} updated, ${members.unchanged} unchanged`],
          ['rejections CSV', job.links.rejections],
          ['outcomes CSV', job.links.outcomes],
          ['workflow', job.workflowId],
        ],
      };
    },
  },
  'sales-run': {
    service: 'sales' as Service,
    path: (id: string) => `/sales-record-runs/${id}`,
    read(run: SalesRun): JobStatus {
      return {
        state: run.state,
        finished: run.state === 'completed' || run.state === 'failed',
        failed: run.state === 'failed',
        done: run.processed,
        total: run.matched,
        unit: 'individuals',
        extra: run.ratePerSecond ? `${run.ratePerSecond}/s${run.estimatedSecondsLeft ? `, ${run.estimatedSecondsLeft} s left` : ''}` : '',
        summary: [
          ['state', run.state],
          ['matched', run.matched],
          ['created', run.created],
          ['skipped (already linked)', run.skipped],
          ['failed', run.failed],
          ['workflow', run.workflowId],
        ],
      };
    },
  },
  sync: {
    service: 'account' as Service,
    path: (id: string) => `/policy-syncs/${id}`,
    read(run: SyncRun): JobStatus {
      const finished = run.state !== 'running';
      return {
        state: run.state,
        finished,
        failed: run.state === 'failed',
        done: finished ? 1 : 0,
        total: 1,
        unit: 'run',
        extra: run.policies !== undefined ? `${run.policies} policies so far` : '',
        summary: [
          ['state', run.state],
          ['trigger', run.trigger],
          ['policies', `${run.policies ?? 0} (${run.policiesInserted ?? 0} inserted, ${run.policiesUpdated ?? 0} updated, ${run.policiesUnchanged ?? 0} unchanged)`],
          ['contacts created', run.contactsCreated ?? 0],
          ['workflow', run.workflowId],
          ...(run.reason ? [['reason', run.reason] as [string, string]] : []),
        ],
      };
    },
  },
  business: {
    service: 'account' as Service,
    path: (id: string) => `/agent-crm/businesses/${id}`,
    read(found: BusinessJob): JobStatus {
      const { business, runs } = found;
      const finished = business.state === 'active' && !found.runningSync;
      return {
        state: business.state,
        finished,
        failed: false,
        done: finished ? 1 : 0,
        total: 1,
        unit: 'business',
        extra: found.runningSync ? 'policy sync running' : '',
        summary: [
          ['business', `${business.name} (${business.kind})`],
          ['state', business.state],
          ['policy sync', business.policySyncEnabled ? 'on' : 'off'],
          ['runs', runs.map((r) => `${r.trigger}: ${r.state}`).join(', ') || 'none'],
        ],
      };
    },
  },
} as const;

interface JobSpec {
  service: Service;
  path: (id: string) => string;
  read(body: unknown): JobStatus;
}

export type JobKind = keyof typeof jobKinds;

export const isJobKind = (kind: string): kind is JobKind => Object.hasOwn(jobKinds, kind);

/**
 * Follows a job to its end: a progress bar on a terminal, a line per 10% otherwise, then its
 * summary as a table. A failed job is an error (exit code 1).
 */
export async function followJob(api: ApiClient, out: Output, kind: JobKind, id: string, { intervalMs = 500, timeoutMs = 0 } = {}): Promise<Record<string, unknown>> {
  const spec = jobKinds[kind] as unknown as JobSpec;
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
  for (;;) {
    const body = await api.json<Record<string, unknown>>(spec.service, 'GET', spec.path(id));
    const status = spec.read(body);
    out.progress(`${kind} ${status.state}`, status.done, status.total, status.extra);
    if (status.finished) {
      out.endProgress();
      out.line(table(status.summary));
      if (status.failed) throw new CliError(`${kind} ${id} failed`);
      return body;
    }
    if (Date.now() > deadline) throw new CliError(`${kind} ${id} is still ${status.state}; follow it later with \`agencyflow follow ${kind} ${id}\``);
    await sleep(intervalMs);
  }
}

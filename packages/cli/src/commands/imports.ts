import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { ApiClient } from '../client';
import { CliError } from '../client';
import type { Output } from '../progress';
import { followJob } from './jobs';

/**
 * `agencyflow import <file.csv>`: streams the carrier file (never read whole), then follows the
 * import job its workflow writes, with a progress bar, to its summary (PS-2, decision 0033).
 */
export async function importCarrierFile(api: ApiClient, out: Output, file: string, options: { pageSize?: number; follow: boolean }): Promise<number> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new CliError(`No such file: ${file}`, 2);
  }
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  const query = options.pageSize ? `?pageSize=${options.pageSize}` : '';
  const job = await api.json<{ importId: string; rows: { total: number; rejected: number } }>('policy', 'POST', `/carrier-feeds${query}`, {
    raw: { body, contentType: 'text/csv' },
  });
  out.line(`uploaded ${file} (${size} bytes): import ${job.importId}, ${job.rows.total} rows, ${job.rows.rejected} rejected on arrival`);
  if (!options.follow) return 0;
  await followJob(api, out, 'import', job.importId);
  return 0;
}

/** `agencyflow imports [--state S]`: the tenant's imports, newest first. */
export async function listImports(api: ApiClient, out: Output, state?: string): Promise<number> {
  const page = await api.json<{ items: Array<{ importId: string; state: string; startedAt: string; rows: { total: number; rejected: number } }> }>(
    'policy',
    'GET',
    `/carrier-feeds?limit=50${state ? `&state=${encodeURIComponent(state)}` : ''}`,
  );
  for (const i of page.items) out.line([i.importId, i.state.padEnd(10), i.startedAt, `${i.rows.total} rows`, `${i.rows.rejected} rejected`].join('  '));
  out.line(`${page.items.length} import(s)`);
  return 0;
}

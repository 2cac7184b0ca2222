import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CliError, type ApiClient, type Service } from '../client';
import type { Output } from '../progress';

/** The CSVs of each kind of job: never a protected value in any of them. */
const files: Record<string, { service: Service; path: (id: string, which: string) => string; which: string[] }> = {
  import: { service: 'policy', path: (id, which) => `/carrier-feeds/${id}/${which}.csv`, which: ['rejections', 'outcomes'] },
  'sales-run': { service: 'sales', path: (id, which) => `/sales-record-runs/${id}/${which}.csv`, which: ['individuals', 'outcomes'] },
};

/** `agencyflow download <kind> <id> <which> [--out file]`: streams a job's CSV to a file or stdout. */
export async function download(api: ApiClient, out: Output, kind: string, id: string, which: string, file?: string): Promise<number> {
  const spec = files[kind];
  if (!spec || !spec.which.includes(which)) {
    throw new CliError(`Downloads: ${Object.entries(files).map(([k, s]) => `${k} <id> ${s.which.join('|')}`).join('; ')}`, 2);
  }
  const res = await api.response(spec.service, 'GET', spec.path(id, which));
  const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
  if (!file) {
    await pipeline(body, process.stdout, { end: false });
    return 0;
  }
  await pipeline(body, createWriteStream(file));
  out.line(`wrote ${file}`);
  return 0;
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DataConverter, PayloadCodec } from '@temporalio/common';

/**
 * The module every client and worker loads its failure converter from (workflow bundles need a
 * path): the TypeScript source here, the compiled file in a build.
 */
export const failureConverterPath = ['.ts', '.js'].map((ext) => path.join(__dirname, `failure-converter${ext}`)).find((file) => existsSync(file))!;

/** What every client, worker and replayer of this platform encodes with: the codec, for payloads and failures alike. */
export const dataConverterWith = (codec: PayloadCodec): DataConverter => ({ payloadCodecs: [codec], failureConverterPath });

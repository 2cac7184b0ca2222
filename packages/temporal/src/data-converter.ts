import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DataConverter, PayloadCodec } from '@temporalio/common';

/**
 * A module every client and worker loads by path (workflow bundles need a path, not an object):
 * the TypeScript source here, the compiled file in a build. The SDK loads it with Node's own
 * `require`, so its source must be plain JavaScript syntax (no types): see payload-converter.js.
 */
const modulePath = (name: string): string => ['.ts', '.js'].map((ext) => path.join(__dirname, `${name}${ext}`)).find((file) => existsSync(file))!;

export const failureConverterPath = modulePath('failure-converter');
/** Stamps each payload with the tenant its value is for, so the codec seals it under that tenant. */
export const payloadConverterPath = modulePath('payload-converter');

/** What every client, worker and replayer of this platform encodes with: the tenant-stamping converter and the codec, for payloads and failures alike. */
export const dataConverterWith = (codec: PayloadCodec): DataConverter => ({ payloadCodecs: [codec], payloadConverterPath, failureConverterPath });

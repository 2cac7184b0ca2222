import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { DEV_PAYLOAD_KEY, payloadKeysFragment } from '@agencyflow/config';
import { dataConverterWith, EncryptionCodec, parsePayloadKeys } from '@agencyflow/temporal';
import { workflowSource } from '../src/workflow-source';

const historiesDir = path.join(__dirname, 'histories');
const files = readdirSync(historiesDir).filter((f) => f.endsWith('.history.json'));
// The histories were recorded with the (public) development payload key.
const codec = new EncryptionCodec(parsePayloadKeys(DEV_PAYLOAD_KEY, payloadKeysFragment.PAYLOAD_ACTIVE_KEY_ID.parse(undefined)));

/**
 * Determinism across versions: today's workflow code must replay the committed histories of
 * earlier runs exactly. A change that would break running workflows fails here; make it with
 * patched() (see samples-typescript patching-api) and record new histories.
 */
describe('replay of committed workflow histories', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  for (const file of files) {
    it(`replays ${file} without nondeterminism`, async () => {
      const history = historyFromJSON(JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8')));
      await Worker.runReplayHistory({ ...workflowSource(process.env.WORKFLOW_BUNDLE_PATH), dataConverter: dataConverterWith(codec) }, history, file);
    }, 120_000);
  }
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { DEV_PAYLOAD_KEY, payloadKeysFragment } from '@agencyflow/config';
import { dataConverterWith, EncryptionCodec, parsePayloadKeys } from '@agencyflow/temporal';
import { workflowSource } from '../src/workflow-source';

const codec = new EncryptionCodec(parsePayloadKeys(DEV_PAYLOAD_KEY, payloadKeysFragment.PAYLOAD_ACTIVE_KEY_ID.parse(undefined)));
const load = (name: string) => JSON.parse(readFileSync(path.join(__dirname, 'histories', `${name}.history.json`), 'utf8')) as { events: Array<{ eventType: string }> };
const kinds = (name: string) => load(name).events.map((e) => e.eventType.replace('EVENT_TYPE_', ''));

/**
 * reviewAddressChange over committed histories (recorded by test/finance-address-review.test.ts):
 * the paths that matter for determinism are in them (two decision updates, the first refused by
 * the activity and the second applied, then the cancelled timer; two fired timers with the
 * reminder and the expiry), and today's code replays them.
 */
describe('FIN-2 review: replay of the review workflow’s committed histories', () => {
  it('FIN-2 review: the approved history holds two decision updates and a cancelled timer, and replays', async () => {
    const events = kinds('review-address-change-approved');
    expect(events.filter((e) => e === 'WORKFLOW_EXECUTION_UPDATE_COMPLETED')).toHaveLength(2);
    expect(events).toContain('TIMER_CANCELED');
    await Worker.runReplayHistory({ ...workflowSource(process.env.WORKFLOW_BUNDLE_PATH), dataConverter: dataConverterWith(codec) }, historyFromJSON(load('review-address-change-approved')), 'approved');
  }, 120_000);

  it('FIN-2 review: the expired history holds the reminder’s and the expiry’s fired timers, and replays', async () => {
    const events = kinds('review-address-change-expired');
    expect(events.filter((e) => e === 'TIMER_FIRED')).toHaveLength(2);
    expect(events.filter((e) => e === 'ACTIVITY_TASK_COMPLETED')).toHaveLength(2);
    await Worker.runReplayHistory({ ...workflowSource(process.env.WORKFLOW_BUNDLE_PATH), dataConverter: dataConverterWith(codec) }, historyFromJSON(load('review-address-change-expired')), 'expired');
  }, 120_000);
});

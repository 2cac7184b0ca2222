import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Payload } from '@temporalio/common';
import { taskQueues, type SystemProbeInput } from '@agencyflow/contracts';
import { shortId } from '@agencyflow/testing';
import { stampTenant, TENANT_METADATA } from '@agencyflow/temporal';
import { devCodec, rawHistory, startWorkflowRig } from './support/workflow-worker';

const label = (payload: Payload | null | undefined, key: string) => Buffer.from(payload?.metadata?.[key] ?? []).toString('utf8');

/**
 * X-4 on the real Temporal server: the payload converter stamps each payload with its tenant in the
 * client and in the workflow sandbox (the bundled converter), and the codec seals it under that
 * tenant. Read without the codec, the history shows whose each payload is, and nothing more.
 */
describe('Temporal payloads are bound to their tenant', () => {
  const prefix = `t${shortId()}.`;
  const queues = taskQueues(prefix);
  const tenantId = `tenant-${shortId()}`;
  const canary = `note-${shortId()}`;
  let rig: Awaited<ReturnType<typeof startWorkflowRig>>;

  beforeAll(async () => {
    rig = await startWorkflowRig(prefix, (service) => ({
      probeService: async (input: SystemProbeInput) => ({ service, databaseOk: true, echoedNote: input.note, checkedAt: new Date().toISOString() }),
    }));
  });
  afterAll(() => rig?.stop());

  it("X-4 a workflow started for tenant X stores its input, and its activities' inputs, sealed and labelled X in the raw history, bound to X", async () => {
    const workflowId = `tenant-binding-${shortId()}`;
    const handle = await rig.client.workflow.start('systemProbe', {
      workflowId,
      taskQueue: queues.workflows,
      args: [{ probeId: shortId(), tenantId, requestedBy: 'test', note: canary }],
    });
    expect((await handle.result()) as { services: unknown[] }).toMatchObject({ services: expect.arrayContaining([expect.objectContaining({ echoedNote: canary })]) });

    // What the server stores, read by a client without the codec.
    const events = (await rawHistory(workflowId)).events ?? [];
    const input = events.find((e) => e.workflowExecutionStartedEventAttributes)!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    expect(label(input, 'encoding')).toBe('binary/encrypted');
    expect(label(input, TENANT_METADATA)).toBe(tenantId);
    // Written by the workflow code itself: the converter is in the workflow bundle too.
    const scheduled = events.flatMap((e) => e.activityTaskScheduledEventAttributes?.input?.payloads ?? []);
    expect(scheduled).toHaveLength(4);
    for (const payload of scheduled) expect(label(payload, TENANT_METADATA)).toBe(tenantId);
    // Results name no tenant: they are the platform's.
    const result = events.find((e) => e.workflowExecutionCompletedEventAttributes)!.workflowExecutionCompletedEventAttributes!.result!.payloads![0]!;
    expect(label(result, TENANT_METADATA)).toBe('platform');
    expect(JSON.stringify(events)).not.toContain(canary);

    // The stored input opens under its tenant, and relabelled as another tenant's it does not.
    const [opened] = await devCodec().decode([input]);
    expect(Buffer.from(opened!.data!).toString('utf8')).toContain(canary);
    await expect(devCodec().decode([stampTenant(input, `other-${shortId()}`)])).rejects.toThrow(/authenticate/);
  }, 120_000);
});

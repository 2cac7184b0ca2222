import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import {
  runSearchAttributes,
  systemProbeProgressQuery,
  systemProbeWorkflowId,
  systemProbeWorkflowName,
  type SystemProbeInput,
  type SystemProbeProgress,
} from '@agencyflow/contracts';
import { idempotency, parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';

export const startProbeBody = z.strictObject({
  note: z.string().max(500).default('').meta({ example: 'checking after the broker upgrade' }),
});
const probeParams = z.strictObject({ probeId: z.string().regex(/^[A-Za-z0-9:_.-]{1,200}$/) });

/**
 * Operators start a system probe: a workflow that reaches every service's activity worker and
 * database. Answers 202 with where to follow it; the same Idempotency-Key starts it once.
 */
export function systemProbeRoutes({ temporal, taskQueues, config, idempotencyStore }: ServiceDeps): Router {
  const router = Router();
  const { client } = temporal;

  router.post('/admin/system-probes', requirePermission('system:operate'), idempotency(idempotencyStore), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const body = parseInput(startProbeBody, req.body ?? {});
    const probeId = req.header('idempotency-key') ?? randomUUID();
    const workflowId = systemProbeWorkflowId(tenantId, probeId);
    const input: SystemProbeInput = { probeId, tenantId, requestedBy: subject, note: body.note };
    const handle = await client.workflow.start(systemProbeWorkflowName, {
      workflowId,
      taskQueue: taskQueues.workflows,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: runSearchAttributes({ kind: 'system-probe', tenantId }),
    });
    res
      .status(202)
      .location(`/admin/system-probes/${probeId}`)
      .json({
        probeId,
        workflowId,
        runId: handle.firstExecutionRunId,
        statusUrl: `/admin/system-probes/${probeId}`,
        temporalUiUrl: `${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(workflowId)}`,
      });
  });

  router.get('/admin/system-probes/:probeId', requirePermission('system:operate'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { probeId } = parseInput(probeParams, req.params, 'path');
    const handle = client.workflow.getHandle(systemProbeWorkflowId(tenantId, probeId));
    try {
      const description = await handle.describe();
      const status = description.status.name;
      if (status === 'COMPLETED') {
        res.json({ probeId, status, result: await handle.result() });
      } else if (status === 'RUNNING') {
        res.json({ probeId, status, progress: await handle.query<SystemProbeProgress>(systemProbeProgressQuery) });
      } else {
        res.json({ probeId, status });
      }
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw problems.notFound('probe');
      throw error;
    }
  });

  return router;
}

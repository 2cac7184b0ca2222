import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import {
  runSearchAttributes,
  serviceNames,
  systemProbeProgressQuery,
  systemProbeWorkflowId,
  systemProbeWorkflowName,
  type SystemProbeInput,
  type SystemProbeProgress,
} from '@agencyflow/contracts';
import { defineRoutes, implementRoutes, principalOf, problems, type BoundRoute } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';

// A POST without a body starts a probe with no note.
export const startProbeBody = z
  .strictObject({
    note: z.string().max(500).default('').meta({ example: 'checking after the broker upgrade' }),
  })
  .prefault({})
  .meta({ example: { note: 'after upgrade' } });
const probeParams = z.strictObject({ probeId: z.string().regex(/^[A-Za-z0-9:_.-]{1,200}$/) });

const startedView = z.strictObject({ probeId: z.string(), workflowId: z.string(), runId: z.string(), statusUrl: z.string(), temporalUiUrl: z.string() });
const service = z.enum(serviceNames);
const probeStatusView = z.strictObject({
  probeId: z.string(),
  /** Temporal's name for the workflow's state (RUNNING, COMPLETED, FAILED ...). */
  status: z.string(),
  progress: z.strictObject({ checked: z.array(service), pending: z.array(service) }).optional(),
  result: z
    .strictObject({
      probeId: z.string(),
      services: z.array(z.strictObject({ service, databaseOk: z.boolean(), echoedNote: z.string(), checkedAt: z.string() })),
    })
    .optional(),
});

export const systemProbeApi = defineRoutes({
  start: {
    method: 'post',
    path: '/admin/system-probes',
    summary: 'Start a system probe workflow',
    permission: 'system:operate',
    body: startProbeBody,
    idempotent: true,
    responses: { 202: ['Started (or already started with this Idempotency-Key)', startedView] },
  },
  follow: {
    method: 'get',
    path: '/admin/system-probes/:probeId',
    summary: 'Follow a system probe: progress while running, the result when done',
    permission: 'system:operate',
    params: probeParams,
    responses: { 200: ['Status', probeStatusView] },
    problems: { 404: 'No such probe in your tenant' },
  },
});

/**
 * Operators start a system probe: a workflow that reaches every service's activity worker and
 * database. Answers 202 with where to follow it; the same Idempotency-Key starts it once.
 */
export function systemProbeRoutes({ temporal, taskQueues, config }: ServiceDeps): BoundRoute[] {
  const { client } = temporal;

  return implementRoutes(systemProbeApi, {
    start: async ({ body }, req, res) => {
      const { tenantId, subject } = principalOf(req);
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
    },

    follow: async ({ params: { probeId } }, req, res) => {
      const { tenantId } = principalOf(req);
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
    },
  });
}

import { z } from 'zod';
import { policySyncWorkflowId } from '@agencyflow/contracts';
import type { BusinessRow } from '../db/business-store';
import type { policySyncRuns } from '../db/schema';

type SyncRunRow = typeof policySyncRuns.$inferSelect;

const count = z.number().int();
const time = z.iso.datetime();

/** PS-9: what a sync run counted (PolicySyncTotals). */
const policySyncTotals = {
  pages: count,
  policies: count,
  policiesInserted: count,
  policiesUpdated: count,
  policiesUnchanged: count,
  members: count,
  accountsCreated: count,
  contactsCreated: count,
  contactsUpdated: count,
  membersWithoutEmail: count,
  contacts: count.meta({ description: 'When the run is done: the business’s synced contacts (people)' }),
  contactsWithoutEmail: count,
  perNpn: z.record(z.string(), count).meta({ description: 'Policies seen per writing agent NPN' }),
};

export const businessView = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['agent', 'agency']),
  state: z.enum(['provisioning', 'active']),
  policySyncEnabled: z.boolean(),
  createdBy: z.string(),
  createdAt: time,
});

export const agentCrmUserView = z.strictObject({ id: z.uuid(), name: z.string(), email: z.string(), npn: z.string() });

/** One sync run's report (PS-5, PS-6, PS-9). */
export const syncReportView = z.strictObject({
  runId: z.uuid(),
  trigger: z.enum(['provisioning', 'resync', 'enabled', 'agent-added']),
  state: z.enum(['running', 'completed', 'skipped', 'failed']),
  reason: z.string().nullable().meta({ description: 'Why a run was skipped or failed' }),
  requestedBy: z.string(),
  npns: z.array(z.string()),
  startedAt: time,
  finishedAt: time.nullable(),
  ...policySyncTotals,
});

/** A sync run as a job: its report, with where it belongs and where to follow it. */
export const syncJobView = syncReportView.extend({
  kind: z.literal('policy-sync'),
  businessId: z.uuid(),
  workflowId: z.string(),
  links: z.strictObject({ self: z.string(), business: z.string() }),
});

export const syncJobPageView = z.strictObject({ items: z.array(syncJobView), nextBefore: z.string().nullable() });

export const businessPageView = z.strictObject({
  items: z.array(businessView.extend({ links: z.strictObject({ self: z.string(), syncs: z.string() }) })),
  nextBefore: z.string().nullable(),
});

/** A business with its users, its latest finished run's report, the running sync's progress and every run. */
export const businessDetailView = z.strictObject({
  business: businessView,
  users: z.array(agentCrmUserView),
  report: syncReportView.nullable(),
  runningSync: z
    .strictObject({
      workflowId: z.string(),
      progress: z.strictObject({
        runId: z.union([z.uuid(), z.literal('')]).meta({ description: 'Empty until the run has read its scope' }),
        npns: z.array(z.string()),
        totals: z.strictObject(policySyncTotals),
        done: z.boolean(),
      }),
    })
    .nullable(),
  runs: z.array(syncReportView),
});

const followed = { workflowId: z.string(), temporalUiUrl: z.string() };

export const provisioningStartedView = z.strictObject({ businessId: z.uuid(), runId: z.string().meta({ description: 'The workflow’s Temporal run' }), statusUrl: z.string(), ...followed });
export const syncStartedView = z.strictObject({ statusUrl: z.string(), ...followed });
export const policySyncTurnedOnView = syncStartedView.extend({ policySyncEnabled: z.literal(true) });
export const policySyncSetView = z.strictObject({ policySyncEnabled: z.boolean() });
export const agentAddedView = z.strictObject({ user: agentCrmUserView, policySync: z.null() });
export const agentAddedSyncingView = z.strictObject({ user: agentCrmUserView, policySync: z.strictObject(followed) });

export const toBusinessView = (business: BusinessRow): z.infer<typeof businessView> => ({
  id: business.id,
  name: business.name,
  kind: business.kind,
  state: business.state,
  policySyncEnabled: business.policySyncEnabled,
  createdBy: business.createdBy,
  createdAt: business.createdAt.toISOString(),
});

/** A sync run as a job: the report of the business page, with where it belongs and where to follow it. */
export const toSyncJob = (run: SyncRunRow) => ({
  kind: 'policy-sync' as const,
  businessId: run.businessId,
  workflowId: policySyncWorkflowId(run.businessId),
  ...toReport(run),
  links: { self: `/policy-syncs/${run.runId}`, business: `/agent-crm/businesses/${run.businessId}` },
});

export const toReport = (run: SyncRunRow) => ({
  runId: run.runId,
  trigger: run.trigger,
  state: run.state,
  reason: run.reason,
  requestedBy: run.requestedBy,
  npns: run.npns,
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
  ...run.totals,
});

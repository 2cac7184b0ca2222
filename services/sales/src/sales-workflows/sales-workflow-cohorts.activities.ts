import { salesWorkflowCohortWorkflowId, type SalesWorkflowCohortActivities } from '@agencyflow/contracts';
import { forTenants, sqlOf } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { applyStep, beginWait, completeCohort, openCohort } from '../db/sales-workflow-cohort-store';
import { sendCohortEmails } from './cohort-emails';
import { smtpMailer, type Mailer } from './mailer';
import type { SalesWorkflowStep } from '../domain/sales-workflow-steps';

/**
 * SR-5 cohort activities on the sales task queue: each acts as the cohort's tenant (row-level
 * security) and works on all of the cohort's records at once; no record crosses Temporal.
 */
export function createSalesWorkflowCohortActivities(
  { database, config }: Pick<ServiceDeps, 'database' | 'config'>,
  mailerOf: () => Mailer = () => smtpMailer(config),
): SalesWorkflowCohortActivities {
  const tenant = (tenantId: string) => forTenants(database, tenantId).db;
  return {
    openSalesWorkflowCohort: (input) =>
      tenant(input.tenantId).transaction((tx) => openCohort(tx, input, salesWorkflowCohortWorkflowId(input.tenantId, input.runId, input.page))),
    beginSalesWorkflowWait: (input) => tenant(input.tenantId).transaction((tx) => beginWait(tx, input)),
    async applySalesWorkflowStep(input) {
      const [cohort] = await tenant(input.tenantId).transaction((tx) =>
        sqlOf(tx)<{ steps: SalesWorkflowStep[] }[]>`select steps from sales_workflow_cohorts where id = ${input.cohortId}`,
      );
      const step = cohort?.steps[input.step];
      if (step?.kind === 'email') {
        const mailer = mailerOf();
        try {
          await sendCohortEmails(database, input, step, mailer);
        } finally {
          mailer.close();
        }
      }
      return tenant(input.tenantId).transaction((tx) => applyStep(tx, input));
    },
    completeSalesWorkflowCohort: ({ tenantId, cohortId }) => tenant(tenantId).transaction((tx) => completeCohort(tx, cohortId)),
  };
}

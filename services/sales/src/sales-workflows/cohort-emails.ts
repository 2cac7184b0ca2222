import type { SalesWorkflowCohortStepInput } from '@agencyflow/contracts';
import { forTenants, sqlOf, type Database, type Executor } from '@agencyflow/db';
import { cohortAtStep, inCohort } from '../db/sales-workflow-cohort-store';
import type { Mailer } from './mailer';
import { renderTemplate, templateFields, type SalesWorkflowStep, type TemplateField } from '../domain/sales-workflow-steps';

/** Emails claimed, sent and confirmed at a time: a crash leaves at most this many unconfirmed. */
const SEND_BATCH = 20;

type EmailStep = Extract<SalesWorkflowStep, { kind: 'email' }>;

/**
 * SR-5 "send an email", at most once a (record, step) (decision 0029):
 * 1. render: each record at the step with an email address gets its row (subject and body from
 *    the templates and its non-protected fields, a Message-ID of its own), `pending`;
 * 2. claim a batch (`sending`, committed), send it over SMTP, confirm it (`sent`, committed);
 *    a claim a crashed attempt left is never sent again: it becomes `unconfirmed` and the
 *    record's history says so. A send that fails keeps its claim (the server may have the mail)
 *    unless the failure is known to come before delivery (no connection); the mails after it in
 *    the batch, never tried, are given back for the retry.
 * The step then moves the records on (applyStep reads the rows' states into their history).
 */
export async function sendCohortEmails(database: Database, input: SalesWorkflowCohortStepInput, step: EmailStep, mailer: Mailer): Promise<void> {
  const tenant = forTenants(database, input.tenantId);
  await tenant.db.transaction((tx) => renderEmails(tx, input, step));
  await tenant.db.transaction((tx) =>
    sqlOf(tx)`update sales_workflow_emails set state = 'unconfirmed' where cohort_id = ${input.cohortId} and step_index = ${input.step} and state = 'sending'`,
  );
  for (;;) {
    const batch = await tenant.db.transaction((tx) =>
      sqlOf(tx)<{ sales_record_id: string; to_address: string; subject: string; body: string; message_id: string }[]>`
        update sales_workflow_emails set state = 'sending', claimed_at = now()
        where (sales_record_id, step_index) in (
          select sales_record_id, step_index from sales_workflow_emails
          where cohort_id = ${input.cohortId} and step_index = ${input.step} and state = 'pending'
          order by sales_record_id limit ${SEND_BATCH} for update skip locked)
        returning sales_record_id, to_address, subject, body, message_id`,
    );
    if (batch.length === 0) return;
    const sent: string[] = [];
    try {
      for (const email of batch) {
        await mailer.send({ to: email.to_address, subject: email.subject, text: email.body, messageId: email.message_id });
        sent.push(email.sales_record_id);
      }
    } catch (error) {
      // The mail whose send failed may have reached the server: its claim stays, unless the
      // failure is known to come before delivery (no connection). Those after it were never tried.
      const failed = batch[sent.length]!.sales_record_id;
      const untried = batch.slice(sent.length + 1).map((e) => e.sales_record_id);
      const giveBack = mailer.refusedBeforeDelivery(error) ? [failed, ...untried] : untried;
      await tenant.db.transaction(async (tx) => {
        await confirm(tx, input, sent);
        await sqlOf(tx)`
          update sales_workflow_emails set state = 'pending', claimed_at = null
          where sales_record_id = any(${giveBack}::uuid[]) and step_index = ${input.step} and state = 'sending'`;
      });
      throw error;
    }
    await tenant.db.transaction((tx) => confirm(tx, input, sent));
  }
}

const confirm = (tx: Executor, input: SalesWorkflowCohortStepInput, sent: string[]) =>
  sqlOf(tx)`
    update sales_workflow_emails set state = 'sent', sent_at = now()
    where sales_record_id = any(${sent}::uuid[]) and step_index = ${input.step} and state in ('sending', 'unconfirmed')`;

const columns = Object.entries(templateFields) as Array<[TemplateField, string]>;

/** One `pending` row for each of the cohort's records with an email address and none yet, while the cohort is at the step. */
async function renderEmails(tx: Executor, input: SalesWorkflowCohortStepInput, step: EmailStep): Promise<void> {
  const sql = sqlOf(tx);
  const cohort = await cohortAtStep(tx, input.cohortId, input.step);
  if (!cohort) return;
  const records = await sql<Array<{ id: string } & Partial<Record<TemplateField, string | null>>>>`
    select r.id, ${sql.unsafe(columns.map(([field, column]) => `r.${column} as "${field}"`).join(', '))}
    from sales_records r
    where ${inCohort(tx, cohort)} and nullif(trim(r.secondary_email), '') is not null
      and not exists (select 1 from sales_workflow_emails e where e.sales_record_id = r.id and e.step_index = ${input.step})`;
  if (records.length === 0) return;
  const rendered = records.map((r) => ({
    id: r.id,
    to: r.secondaryEmail!.trim(),
    subject: renderTemplate(step.subject, r).replace(/[\r\n]+/g, ' '),
    body: renderTemplate(step.body, r),
    messageId: `<${r.id}.${input.step}@sales-workflows.agencyflow>`,
  }));
  await sql`
    insert into sales_workflow_emails (sales_record_id, step_index, tenant_id, cohort_id, to_address, subject, body, message_id)
    select id, ${input.step}, ${input.tenantId}, ${input.cohortId}, to_address, subject, body, message_id
    from unnest(${rendered.map((e) => e.id)}::uuid[], ${rendered.map((e) => e.to)}::text[], ${rendered.map((e) => e.subject)}::text[],
      ${rendered.map((e) => e.body)}::text[], ${rendered.map((e) => e.messageId)}::text[]) as m(id, to_address, subject, body, message_id)
    on conflict (sales_record_id, step_index) do nothing`;
}

import type { SalesWorkflowCohortStepInput } from '@agencyflow/contracts';
import { sqlOf, type Executor } from '@agencyflow/db';
import { templateFields, type TemplateField } from '../domain/sales-workflow-steps';
import { cohortAtStep, inCohort } from './sales-workflow-cohort-store';

/**
 * The SR-5 email store: the only writer of `sales_workflow_emails`, one row a (record, step), the key
 * that makes a send happen at most once (decision 0029): `pending` when rendered, `sending` when
 * claimed (committed before the SMTP call), `sent` when confirmed, `unconfirmed` when a later
 * attempt finds a claim a crashed one left. The sending itself is sales-workflows/cohort-emails.ts.
 */

/** A record an email step writes to: its id and the fields a template may name. */
export type EmailRecipient = { id: string } & Partial<Record<TemplateField, string | null>>;

/** A rendered email, ready to be written. */
export interface RenderedEmail {
  recordId: string;
  to: string;
  subject: string;
  body: string;
  messageId: string;
}

/** A claimed email, to send. */
export interface ClaimedEmail {
  sales_record_id: string;
  to_address: string;
  subject: string;
  body: string;
  message_id: string;
}

const columns = Object.entries(templateFields) as Array<[TemplateField, string]>;

/** The cohort's records, while it is at the step, that have an email address and no email for the step yet. */
export async function recipientsToRender(tx: Executor, input: SalesWorkflowCohortStepInput): Promise<EmailRecipient[]> {
  const sql = sqlOf(tx);
  const cohort = await cohortAtStep(tx, input.cohortId, input.step);
  if (!cohort) return [];
  return sql<EmailRecipient[]>`
    select r.id, ${sql.unsafe(columns.map(([field, column]) => `r.${column} as "${field}"`).join(', '))}
    from sales_records r
    where ${inCohort(tx, cohort)} and nullif(trim(r.secondary_email), '') is not null
      and not exists (select 1 from sales_workflow_emails e where e.sales_record_id = r.id and e.step_index = ${input.step})`;
}

/** The rendered emails, `pending`; one a (record, step), so a repeat changes nothing. */
export async function insertPendingEmails(tx: Executor, input: SalesWorkflowCohortStepInput, emails: RenderedEmail[]): Promise<void> {
  if (emails.length === 0) return;
  await sqlOf(tx)`
    insert into sales_workflow_emails (sales_record_id, step_index, tenant_id, cohort_id, to_address, subject, body, message_id)
    select id, ${input.step}, ${input.tenantId}, ${input.cohortId}, to_address, subject, body, message_id
    from unnest(${emails.map((e) => e.recordId)}::uuid[], ${emails.map((e) => e.to)}::text[], ${emails.map((e) => e.subject)}::text[],
      ${emails.map((e) => e.body)}::text[], ${emails.map((e) => e.messageId)}::text[]) as m(id, to_address, subject, body, message_id)
    on conflict (sales_record_id, step_index) do nothing`;
}

/** Claims an earlier attempt left (it may have sent them): `unconfirmed`, never sent again. */
export const markLeftClaimsUnconfirmed = (tx: Executor, input: SalesWorkflowCohortStepInput) =>
  sqlOf(tx)`update sales_workflow_emails set state = 'unconfirmed' where cohort_id = ${input.cohortId} and step_index = ${input.step} and state = 'sending'`;

/** Claims the next `limit` pending emails of the step (`sending`), skipping any another attempt holds. */
export const claimEmails = (tx: Executor, input: SalesWorkflowCohortStepInput, limit: number) =>
  sqlOf(tx)<ClaimedEmail[]>`
    update sales_workflow_emails set state = 'sending', claimed_at = now()
    where (sales_record_id, step_index) in (
      select sales_record_id, step_index from sales_workflow_emails
      where cohort_id = ${input.cohortId} and step_index = ${input.step} and state = 'pending'
      order by sales_record_id limit ${limit} for update skip locked)
    returning sales_record_id, to_address, subject, body, message_id`;

/** The SMTP server took these: `sent`. */
export const confirmEmails = (tx: Executor, input: SalesWorkflowCohortStepInput, recordIds: string[]) =>
  sqlOf(tx)`
    update sales_workflow_emails set state = 'sent', sent_at = now()
    where sales_record_id = any(${recordIds}::uuid[]) and step_index = ${input.step} and state in ('sending', 'unconfirmed')`;

/** Claims given back (known not delivered, or never tried): `pending` again, for the retry. */
export const releaseEmails = (tx: Executor, input: SalesWorkflowCohortStepInput, recordIds: string[]) =>
  sqlOf(tx)`
    update sales_workflow_emails set state = 'pending', claimed_at = null
    where sales_record_id = any(${recordIds}::uuid[]) and step_index = ${input.step} and state = 'sending'`;

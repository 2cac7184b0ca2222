import type { SalesWorkflowCohortStepInput } from '@agencyflow/contracts';
import { forTenants, type Database } from '@agencyflow/db';
import {
  claimEmails,
  confirmEmails,
  insertPendingEmails,
  markLeftClaimsUnconfirmed,
  recipientsToRender,
  releaseEmails,
  type EmailRecipient,
  type RenderedEmail,
} from '../db/sales-workflow-email-store';
import type { Mailer } from './mailer';
import { renderTemplate, type SalesWorkflowStep } from '../domain/sales-workflow-steps';

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
 * The step then moves the cohort on; each record's history line for the step is its email's state.
 */
export async function sendCohortEmails(database: Database, input: SalesWorkflowCohortStepInput, step: EmailStep, mailer: Mailer): Promise<void> {
  const tenant = forTenants(database, input.tenantId);
  await tenant.db.transaction(async (tx) => insertPendingEmails(tx, input, (await recipientsToRender(tx, input)).map((r) => render(r, input, step))));
  await tenant.db.transaction((tx) => markLeftClaimsUnconfirmed(tx, input));
  for (;;) {
    const batch = await tenant.db.transaction((tx) => claimEmails(tx, input, SEND_BATCH));
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
        await confirmEmails(tx, input, sent);
        await releaseEmails(tx, input, giveBack);
      });
      throw error;
    }
    await tenant.db.transaction((tx) => confirmEmails(tx, input, sent));
  }
}

/** One record's email: subject and body from the templates and its non-protected fields, a Message-ID of its own. */
const render = (recipient: EmailRecipient, input: SalesWorkflowCohortStepInput, step: EmailStep): RenderedEmail => ({
  recordId: recipient.id,
  to: recipient.secondaryEmail!.trim(),
  subject: renderTemplate(step.subject, recipient).replace(/[\r\n]+/g, ' '),
  body: renderTemplate(step.body, recipient),
  messageId: `<${recipient.id}.${input.step}@sales-workflows.agencyflow>`,
});

import { z } from 'zod';

/**
 * SR-5: the steps a sales workflow is made of, in order. Each is applied to a whole cohort of
 * records at once (set-based, see db/sales-workflow-cohort-store.ts):
 * - assign: to one user, or round-robin over the members of a security group of the tenant;
 * - task: a task for the record's assignee, due some days after the step runs;
 * - wait: the cohort waits (a durable Temporal timer); days may be fractional (at least a second);
 * - email: a templated email to the record's email address, over SMTP, at most once a (record, step);
 * - stage: the record's stage.
 */

/** Fields an email template may name as {{field}}: the record's non-protected fields (never SSN, DOB, MBI, licence). */
export const templateFields = {
  firstName: 'first_name',
  middleName: 'middle_name',
  lastName: 'last_name',
  nickname: 'nickname',
  title: 'title',
  recordStatus: 'record_status',
  secondaryEmail: 'secondary_email',
  cellPhone: 'cell_phone',
  homePhone: 'home_phone',
  addressLine1: 'address_line1',
  city: 'city',
  county: 'county',
  zip: 'zip',
  state: 'state',
  leadSource: 'lead_source',
  stage: 'stage',
  assigneeUserId: 'assignee_user_id',
} as const;
export type TemplateField = keyof typeof templateFields;

const placeholder = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The names a template uses that are not template fields (protected or unknown): a workflow naming one is refused. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(placeholder)].map((m) => m[1]!).filter((name) => !(name in templateFields));
}

/** A template with each {{field}} replaced by the record's value (blank when it has none). */
export function renderTemplate(template: string, values: Partial<Record<TemplateField, string | null>>): string {
  return template.replace(placeholder, (_all, name: string) => values[name as TemplateField] ?? '');
}

const template = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .superRefine((value, ctx) => {
      for (const name of unknownPlaceholders(value)) ctx.addIssue({ code: 'custom', message: `{{${name}}} is not a field an email may show (${Object.keys(templateFields).join(', ')})` });
    });

const SECONDS_A_DAY = 86_400;

export const salesWorkflowStep = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('assign'), userId: z.string().trim().min(1).max(200) }),
  z.strictObject({ kind: z.literal('assign-round-robin'), securityGroupId: z.uuid() }),
  z.strictObject({ kind: z.literal('task'), title: z.string().trim().min(1).max(200), dueInDays: z.number().int().min(0).max(3650) }),
  z.strictObject({ kind: z.literal('wait'), days: z.number().min(1 / SECONDS_A_DAY).max(365) }),
  z.strictObject({ kind: z.literal('email'), subject: template(200), body: template(20_000) }),
  z.strictObject({ kind: z.literal('stage'), stage: z.string().trim().min(1).max(100) }),
]);
export type SalesWorkflowStep = z.infer<typeof salesWorkflowStep>;

export const salesWorkflowSteps = z.array(salesWorkflowStep).min(1).max(50);

/** How long a wait step waits, in whole seconds (what the cohort's timer sleeps). */
export const waitSeconds = (step: Extract<SalesWorkflowStep, { kind: 'wait' }>): number => Math.max(1, Math.round(step.days * SECONDS_A_DAY));

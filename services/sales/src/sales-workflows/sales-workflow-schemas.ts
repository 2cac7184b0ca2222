import { z } from 'zod';
import { salesWorkflowSteps } from '../domain/sales-workflow-steps';

const name = z.string().trim().min(1).max(200);

const example = {
  name: 'Welcome',
  steps: [
    { kind: 'assign-round-robin', securityGroupId: '5b3c9f6e-8a1d-4f2b-9c7e-1d2a3b4c5d6e' },
    { kind: 'email', subject: 'Welcome, {{firstName}}', body: 'Hello {{firstName}} {{lastName}}, your agent will call you soon.' },
    { kind: 'wait', days: 3 },
    { kind: 'task', title: 'Call back', dueInDays: 2 },
    { kind: 'stage', stage: 'contacted' },
  ],
};

export const createSalesWorkflowBody = z.strictObject({ name, steps: salesWorkflowSteps }).meta({ example });

export const updateSalesWorkflowBody = z
  .strictObject({ name: name.optional(), steps: salesWorkflowSteps.optional() })
  .refine((b) => b.name !== undefined || b.steps !== undefined, 'give at least one field to change')
  .meta({ example: { steps: example.steps.slice(1) } });

export const salesWorkflowIdParams = z.strictObject({ salesWorkflowId: z.uuid() });

export const salesWorkflowView = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  steps: salesWorkflowSteps,
  revision: z.number().int(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SalesWorkflowView = z.infer<typeof salesWorkflowView>;

export const salesWorkflowListView = z.strictObject({ items: z.array(salesWorkflowView) });

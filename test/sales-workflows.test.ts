import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesWorkflowCohortWorkflowId, type SalesWorkflowCohortActivities } from '@agencyflow/contracts';
import { eventually, issueToken, shortId, startMailCatcher, type MailCatcher } from '@agencyflow/testing';
import { createSalesWorkflowCohortActivities } from '@agencyflow/sales-service/src/sales-workflows/sales-workflow-cohorts.activities';
import type { Mailer } from '@agencyflow/sales-service/src/sales-workflows/mailer';
import { smtpMailer } from '@agencyflow/sales-service/src/sales-workflows/mailer';
import { recordHistory } from './support/record-history';
import { salesApi } from './support/sales-records';
import { startTestSystem, type TestSystem } from './support/system';

type Api = ReturnType<typeof salesApi>;
type RecordView = Record<string, unknown> & {
  id: string;
  individualId: string;
  assigneeUserId: string | null;
  stage: string | null;
  salesWorkflow: null | {
    state: string;
    cohortId: string;
    workflowId: string;
    stepCount: number;
    currentStep: { index: number; kind: string } | null;
    waitUntil: string | null;
    history: Array<{ step: number; kind: string; outcome: string; detail: string | null }>;
    tasks: Array<{ title: string; dueAt: string; assigneeUserId: string | null }>;
  };
};

/**
 * SR-5 sales workflows on the real PostgreSQL, Kafka and Temporal: the account and sales services,
 * the workflow worker and a mail catcher. Records run their type's workflow in cohorts (one
 * Temporal workflow a run page), each step set-based, waits on durable timers.
 */
describe('SR-5 sales workflows run by the records of a run, in cohorts', () => {
  let system: TestSystem;
  let mail: MailCatcher;
  const tenantId = `sr5-${shortId()}`;
  let admin: Api;
  let agencyUser: Api;

  const workflow = async (steps: unknown[], name = `Flow ${shortId()}`) => (await admin.sales('post', '/sales-workflows').send({ name, steps }).expect(201)).body.id as string;
  const typeRunning = async (salesWorkflowId: string) =>
    (await admin.sales('post', '/sales-record-types').send({ name: `Type ${shortId()}`, salesWorkflowId }).expect(201)).body.id as string;
  /** n individuals with an email address; a run over them of the type, in pages of pageSize. */
  async function run(typeId: string, n: number, pageSize: number) {
    const leadSource = `sr5-${shortId()}`;
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await admin.individual({ firstName: `Ann${i}`, lastName: 'Lee', leadSource, secondaryEmail: `ann${i}.${leadSource}@example.com`, ssn: '123-45-6789' }));
    const runId = await admin.startRun({ criteria: { leadSource: [leadSource] }, salesRecordTypeId: typeId, pageSize });
    await admin.completed(runId);
    const records = (await admin.records()).filter((r) => ids.includes(r.individualId as string));
    return { runId, ids, leadSource, recordIds: records.map((r) => r.id as string) };
  }
  const record = async (id: string) => (await admin.sales('get', `/sales-records/${id}`).expect(200)).body as RecordView;
  const allCompleted = (recordIds: string[], timeoutMs = 60_000) =>
    eventually(
      async () => {
        const views = await Promise.all(recordIds.map(record));
        for (const v of views) expect(v.salesWorkflow?.state, v.id).toBe('completed');
        return views;
      },
      { timeoutMs, intervalMs: 250 },
    );

  beforeAll(async () => {
    mail = await startMailCatcher();
    system = await startTestSystem({ salesEnv: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mail.smtpPort) } });
    admin = salesApi(system, await issueToken({ tenantId, subject: 'admin-ann', groups: ['agency-admin'] }));
    agencyUser = salesApi(system, await issueToken({ tenantId, subject: 'user-ulla', groups: ['agency-user'] }));
  }, 120_000);
  afterAll(async () => {
    await system?.stop();
    await mail?.stop();
  });

  it('SR-5 admins define sales workflows over HTTP: steps validated (no protected field in a template), names unique, 403 without the permissions, in use cannot be deleted', async () => {
    await agencyUser.sales('post', '/sales-workflows').send({ name: 'x', steps: [{ kind: 'stage', stage: 'new' }] }).expect(403);
    const bad = (await admin.sales('post', '/sales-workflows').send({ name: 'Leaky', steps: [{ kind: 'email', subject: 'Hi {{firstName}}', body: 'Your SSN is {{ssn}}' }] }).expect(400)).body;
    expect(JSON.stringify(bad.errors)).toContain('{{ssn}}');
    await admin.sales('post', '/sales-workflows').send({ name: 'Empty', steps: [] }).expect(400);
    await admin.sales('post', '/sales-workflows').send({ name: 'Odd', steps: [{ kind: 'teleport' }] }).expect(400);
    expect((await admin.sales('get', '/sales-workflows').expect(200)).body.items).toHaveLength(0);

    const id = await workflow([{ kind: 'stage', stage: 'new' }], 'Welcome');
    await admin.sales('post', '/sales-workflows').send({ name: 'WELCOME', steps: [{ kind: 'stage', stage: 'x' }] }).expect(409);
    const changed = (await admin.sales('patch', `/sales-workflows/${id}`).send({ steps: [{ kind: 'wait', days: 2 }, { kind: 'stage', stage: 'later' }] }).expect(200)).body;
    expect(changed).toMatchObject({ name: 'Welcome', revision: 2, steps: [{ kind: 'wait', days: 2 }, { kind: 'stage', stage: 'later' }] });
    await admin.sales('post', '/sales-record-types').send({ name: `T ${shortId()}`, salesWorkflowId: '00000000-0000-4000-8000-000000000000' }).expect(404);
    await typeRunning(id);
    await admin.sales('delete', `/sales-workflows/${id}`).expect(409);
    const other = salesApi(system, await issueToken({ tenantId: `${tenantId}-other`, subject: 'o', groups: ['agency-admin'] }));
    await other.sales('get', `/sales-workflows/${id}`).expect(404);
  });

  it('SR-5 every record a run creates runs its type’s workflow: one Temporal workflow per page (cohort), round robin over a group, templated email sent once each, task, stage; each record shows its steps', async () => {
    const group = (await admin.account('post', '/security-groups').send({ name: `Closers ${shortId()}`, permissions: ['sales-enablement:view'] }).expect(201)).body;
    for (const member of ['closer-b', 'closer-a']) await admin.account('put', `/security-groups/${group.id}/members/${member}`).expect(201);
    await eventually(async () => {
      const [row] = await system.sales.database.sql<{ members: string[] }[]>`select members from security_group_directory where group_id = ${group.id}`;
      expect(row?.members).toHaveLength(2);
    }, { timeoutMs: 30_000, intervalMs: 200 });
    const flow = await workflow([
      { kind: 'assign-round-robin', securityGroupId: group.id },
      { kind: 'email', subject: 'Welcome, {{firstName}}', body: 'Hello {{firstName}} {{lastName}} from {{leadSource}}: {{assigneeUserId}} will call you.' },
      { kind: 'task', title: 'Call back', dueInDays: 2 },
      { kind: 'stage', stage: 'contacted' },
    ]);
    const type = await typeRunning(flow);
    const { runId, recordIds, leadSource } = await run(type, 5, 2);
    const views = await allCompleted(recordIds);

    // Round robin: the group's members in turn (sorted), across the run's three cohorts: 3 and 2.
    const assignees = views.map((v) => v.assigneeUserId!);
    expect(new Set(assignees)).toEqual(new Set(['closer-a', 'closer-b']));
    expect(Math.abs(assignees.filter((a) => a === 'closer-a').length - assignees.filter((a) => a === 'closer-b').length)).toBe(1);
    for (const v of views) {
      expect(v.stage).toBe('contacted');
      expect(v.salesWorkflow).toMatchObject({ state: 'completed', stepCount: 4, currentStep: null });
      expect(v.salesWorkflow!.history.map((h) => [h.step, h.kind, h.outcome])).toEqual([
        [0, 'assign-round-robin', 'done'],
        [1, 'email', 'done'],
        [2, 'task', 'done'],
        [3, 'stage', 'done'],
      ]);
      expect(v.salesWorkflow!.tasks).toEqual([expect.objectContaining({ title: 'Call back', assigneeUserId: v.assigneeUserId })]);
      expect(Date.parse(v.salesWorkflow!.tasks[0]!.dueAt) - Date.now()).toBeGreaterThan(47 * 3600_000);
    }

    // One email a record, rendered from its non-protected fields, at its address; never a protected value.
    const mine = mail.mails().filter((m) => m.to[0]!.endsWith(`${leadSource}@example.com`));
    expect(mine).toHaveLength(5);
    for (const v of views) {
      const sent = mine.filter((m) => m.to[0] === v.secondaryEmail);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ subject: `Welcome, ${v.firstName as string}`, text: `Hello ${v.firstName as string} Lee from ${leadSource}: ${v.assigneeUserId} will call you.` });
    }
    expect(JSON.stringify(mine)).not.toContain('6789');

    // Cohorts, not one workflow a record: three pages, three workflows, each with a business key.
    const cohorts = new Set(views.map((v) => v.salesWorkflow!.workflowId));
    expect([...cohorts].sort()).toEqual([0, 1, 2].map((page) => salesWorkflowCohortWorkflowId(tenantId, runId, page)).sort());
    const handle = system.sales.runtime.deps.temporal.client.workflow.getHandle(salesWorkflowCohortWorkflowId(tenantId, runId, 0));
    const described = await handle.describe();
    expect(described.status.name).toBe('COMPLETED');
    expect(described.searchAttributes).toMatchObject({ TenantId: [tenantId], RunKind: ['sales-workflow-cohort'] });
    // One coarse event a cohort and step, on Kafka through the outbox.
    const events = await system.sales.database.sql<{ n: number }[]>`
      select count(*)::int as n from outbox where envelope->>'type' = 'sales.sales-workflow-step-applied' and envelope->'data'->>'runId' = ${runId}`;
    expect(events[0]!.n).toBe(3 * 4);
  }, 120_000);

  it('SR-5 consecutive steps that set fields (assign, stage, assign) reach each record in one write: each step keeps its own history line and event, and the task after them goes to the last assignee', async () => {
    const flow = await workflow([
      { kind: 'assign', userId: 'first-fay' },
      { kind: 'stage', stage: 'new' },
      { kind: 'assign', userId: 'second-sam' },
      { kind: 'task', title: 'Welcome call', dueInDays: 1 },
    ]);
    const { runId, recordIds } = await run(await typeRunning(flow), 3, 2);
    const views = await allCompleted(recordIds);
    for (const v of views) {
      expect(v).toMatchObject({ assigneeUserId: 'second-sam', stage: 'new', revision: 2 });
      expect(v.salesWorkflow!.history.map((h) => [h.step, h.kind, h.outcome, h.detail])).toEqual([
        [0, 'assign', 'done', 'assigned to first-fay'],
        [1, 'stage', 'done', 'stage new'],
        [2, 'assign', 'done', 'assigned to second-sam'],
        [3, 'task', 'done', expect.stringMatching(/^task due \d{4}-\d{2}-\d{2}$/)],
      ]);
      expect(v.salesWorkflow!.tasks).toEqual([expect.objectContaining({ title: 'Welcome call', assigneeUserId: 'second-sam' })]);
    }
    const events = await system.sales.database.sql<{ step: string; n: number }[]>`
      select envelope->'data'->>'step' as step, count(*)::int as n from outbox
      where envelope->>'type' = 'sales.sales-workflow-step-applied' and envelope->'data'->>'runId' = ${runId}
      group by 1 order by 1`;
    expect(events).toEqual(['0', '1', '2', '3'].map((step) => ({ step, n: 2 })));
  }, 120_000);

  it('SR-5 a wait is a durable timer: records show the step and until when; the workflow worker restarted mid-wait resumes and finishes the cohort', async () => {
    const flow = await workflow([{ kind: 'stage', stage: 'new' }, { kind: 'wait', days: 4 / 86_400 }, { kind: 'stage', stage: 'followed-up' }]);
    const { runId, recordIds } = await run(await typeRunning(flow), 3, 3);
    const waiting = await eventually(async () => {
      const v = await record(recordIds[0]!);
      expect(v.salesWorkflow).toMatchObject({ state: 'waiting', currentStep: { index: 1, kind: 'wait' } });
      return v;
    }, { timeoutMs: 30_000, intervalMs: 100 });
    expect(waiting.stage).toBe('new');
    expect(Date.parse(waiting.salesWorkflow!.waitUntil!)).toBeGreaterThan(Date.now());
    expect(waiting.salesWorkflow!.history[1]).toMatchObject({ kind: 'wait', outcome: 'waiting' });

    await system.workflows.halt();
    await new Promise((r) => setTimeout(r, 5000));
    expect((await record(recordIds[0]!)).stage).toBe('new');
    await system.workflows.resume();
    const views = await allCompleted(recordIds);
    for (const v of views) {
      expect(v.stage).toBe('followed-up');
      expect(v.salesWorkflow!.history.map((h) => h.outcome)).toEqual(['done', 'done', 'done']);
    }
    await recordHistory(salesWorkflowCohortWorkflowId(tenantId, runId, 0), 'sales-workflow-cohort-wait');
  }, 120_000);

  it('SR-5 an email step retried after a failure mid-send never sends a mail twice: a claim left unconfirmed is not resent and the record’s history says so', async () => {
    // A long wait first holds the cohort's own workflow; the steps are driven here, as a retried activity would be.
    const flow = await workflow([{ kind: 'wait', days: 1 }, { kind: 'email', subject: 'Hi {{firstName}}', body: 'Hello' }]);
    const { runId, recordIds, leadSource } = await run(await typeRunning(flow), 4, 4);
    const cohort = await eventually(async () => {
      const v = await record(recordIds[0]!);
      expect(v.salesWorkflow?.state).toBe('waiting');
      return v.salesWorkflow!.cohortId;
    }, { timeoutMs: 30_000, intervalMs: 100 });
    const real = smtpMailer({ ...system.sales.runtime.deps.config, SMTP_HOST: '127.0.0.1', SMTP_PORT: mail.smtpPort });
    let sends = 0;
    // Sends one mail, then fails as a dropped connection after DATA would: the server may have it.
    const failing: Mailer = {
      async send(email) {
        if (++sends > 1) throw Object.assign(new Error('connection lost'), { code: 'ESOCKET' });
        await real.send(email);
      },
      refusedBeforeDelivery: () => false,
      close: () => real.close(),
    };
    const deps = system.sales.runtime.deps;
    const crashing: SalesWorkflowCohortActivities = createSalesWorkflowCohortActivities(deps, () => failing);
    const retry: SalesWorkflowCohortActivities = createSalesWorkflowCohortActivities(deps);
    await retry.applySalesWorkflowStep({ tenantId, cohortId: cohort, step: 0 });
    await expect(crashing.applySalesWorkflowStep({ tenantId, cohortId: cohort, step: 1 })).rejects.toThrow('connection lost');
    const afterCrash = mail.mails().filter((m) => m.to[0]!.endsWith(`${leadSource}@example.com`));
    expect(afterCrash).toHaveLength(1);

    const result = await retry.applySalesWorkflowStep({ tenantId, cohortId: cohort, step: 1 });
    expect(result).toEqual({ records: 4, done: 3, skipped: 0, unconfirmed: 1 });
    await retry.applySalesWorkflowStep({ tenantId, cohortId: cohort, step: 1 });
    const sent = mail.mails().filter((m) => m.to[0]!.endsWith(`${leadSource}@example.com`));
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((m) => m.messageId)).size).toBe(3);
    const outcomes = (await Promise.all(recordIds.map(record))).map((v) => v.salesWorkflow!.history[1]!.outcome).sort();
    expect(outcomes).toEqual(['done', 'done', 'done', 'unconfirmed']);
    await system.sales.runtime.deps.temporal.client.workflow.getHandle(salesWorkflowCohortWorkflowId(tenantId, runId, 0)).terminate('driven by the test');
  }, 120_000);
});

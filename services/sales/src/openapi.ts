import { jsonSchema, operation, problemResponse, type OpenApiDocument } from '@agencyflow/http';
import { startProbeBody } from './http/system-probe.routes';
import { confirmRunBody, listRunsQuery, previewRunBody, previewView } from './sales-record-runs/run-schemas';
import { createTypeBody, typeView, updateTypeBody } from './sales-record-types/sales-record-type-schemas';
import { listSalesRecordsQuery, updateSalesRecordBody } from './sales-records/sales-record-schemas';
import { createSalesWorkflowBody, updateSalesWorkflowBody } from './sales-workflows/sales-workflow-schemas';

const runId = ['runId'];
const typeId = ['salesRecordTypeId'];
const workflowId = ['salesWorkflowId'];
const recordId = ['salesRecordId'];
const startPermission = 'individuals:edit and sales-enablement:view';
const masking = 'Protected fields (ssn, dateOfBirth, mbi, driversLicenseNumber) are masked without `protected-data:view`; an answer showing them is recorded in the tenant’s access log first.';

export const salesOpenApi = (): OpenApiDocument => ({
  openapi: '3.1.0',
  info: { title: 'Sales service', version: '0.1.0', description: 'Sales record types, sales records, the mass runs that create them (SR-2..SR-6) and the sales workflows their records run (SR-5).' },
  security: [{ bearer: [] }, { apiKey: [] }],
  paths: {
    '/admin/system-probes': {
      post: {
        summary: 'Start a system probe workflow (needs system:operate)',
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } }],
        requestBody: { content: { 'application/json': { schema: jsonSchema(startProbeBody), example: { note: 'after upgrade' } } } },
        responses: {
          '202': { description: 'Started (or already started with this Idempotency-Key)' },
          '400': problemResponse('Invalid body'),
          '401': problemResponse('No valid credentials'),
          '403': problemResponse('Missing permission system:operate'),
        },
      },
    },
    '/admin/system-probes/{probeId}': {
      get: {
        summary: 'Follow a system probe: progress while running, the result when done',
        parameters: [{ name: 'probeId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'Status' }, '404': problemResponse('No such probe in your tenant') },
      },
    },
    '/sales-record-types': {
      get: operation({ summary: 'List the tenant’s sales record types, by name', permission: 'sales-enablement:view', responses: { '200': 'Types' } }),
      post: operation({
        summary: 'Create a sales record type (name unique in the tenant without case)',
        description: `Needs ${startPermission}. salesWorkflowId names the sales workflow (SR-5) the records of the type run, one of the tenant’s (404 otherwise).`,
        permission: 'individuals:edit',
        body: createTypeBody,
        example: createTypeBody.meta()?.example,
        idempotent: true,
        responses: { '201': ['Created', typeView], '409': 'The tenant has a type of that name (sales-record-type-name-taken)' },
      }),
    },
    '/sales-record-types/{salesRecordTypeId}': {
      get: operation({ summary: 'Read a sales record type', permission: 'sales-enablement:view', pathParams: typeId, responses: { '200': ['The type', typeView], '404': 'No such type in your tenant' } }),
      patch: operation({
        summary: 'Rename, activate or deactivate a sales record type, or set its sales workflow',
        description: `Needs ${startPermission}. An inactive type gets no new records: a run of it is refused.`,
        permission: 'individuals:edit',
        pathParams: typeId,
        body: updateTypeBody,
        example: updateTypeBody.meta()?.example,
        responses: { '200': ['The type', typeView], '404': 'No such type', '409': 'Name taken (sales-record-type-name-taken)' },
      }),
      delete: operation({
        summary: 'Delete a sales record type no record or run uses',
        description: `Needs ${startPermission}.`,
        permission: 'individuals:edit',
        pathParams: typeId,
        responses: { '204': 'Deleted', '404': 'No such type', '409': 'Records or runs use it (sales-record-type-in-use): make it inactive instead' },
      }),
    },
    '/sales-workflows': {
      get: operation({ summary: 'SR-5 the tenant’s sales workflows, by name', permission: 'sales-enablement:view', responses: { '200': 'Workflows' } }),
      post: operation({
        summary: 'SR-5 create a sales workflow: ordered steps run by every sales record of a type that names it',
        description:
          `Needs ${startPermission}. Steps: assign (userId), assign-round-robin (securityGroupId: its members in turn), task (title, dueInDays), ` +
          'wait (days, fractional allowed, at least a second), email (subject and body templates with {{field}} placeholders of non-protected record fields; ' +
          'sent over SMTP to the record’s secondaryEmail at most once), stage (stage). Records run them in cohorts (one a run page).',
        permission: 'individuals:edit',
        body: createSalesWorkflowBody,
        example: createSalesWorkflowBody.meta()?.example,
        idempotent: true,
        responses: { '201': 'Created', '409': 'The tenant has a workflow of that name (sales-workflow-name-taken)' },
      }),
    },
    '/sales-workflows/{salesWorkflowId}': {
      get: operation({ summary: 'SR-5 read a sales workflow', permission: 'sales-enablement:view', pathParams: workflowId, responses: { '200': 'The workflow', '404': 'No such workflow in your tenant' } }),
      patch: operation({
        summary: 'SR-5 rename a sales workflow or replace its steps (cohorts under way keep the steps they began with)',
        description: `Needs ${startPermission}.`,
        permission: 'individuals:edit',
        pathParams: workflowId,
        body: updateSalesWorkflowBody,
        example: updateSalesWorkflowBody.meta()?.example,
        responses: { '200': 'The workflow', '404': 'No such workflow', '409': 'Name taken (sales-workflow-name-taken)' },
      }),
      delete: operation({
        summary: 'SR-5 delete a sales workflow no type names',
        description: `Needs ${startPermission}.`,
        permission: 'individuals:edit',
        pathParams: workflowId,
        responses: { '204': 'Deleted', '404': 'No such workflow', '409': 'A type names it (sales-workflow-in-use)' },
      }),
    },
    '/sales-record-runs/preview': {
      post: operation({
        summary: 'SR-2 preview a mass sales-record run: how many individuals match, how many already have a linked sales record (skipped, SR-3), how many would get one',
        description: `Needs ${startPermission}. Give criteria (SR-1, as the account service’s search takes them) or savedSearchId. Nothing is written.`,
        permission: 'individuals:edit',
        body: previewRunBody,
        example: previewRunBody.meta()?.example,
        responses: { '200': ['The numbers', previewView], '404': 'No such type or saved search', '409': 'The type is inactive (sales-record-type-inactive)' },
      }),
    },
    '/sales-record-runs': {
      post: operation({
        summary: 'SR-2 confirm a mass sales-record run: the individuals that match now are fixed (snapshot) and the run starts in the background',
        description:
          `Needs ${startPermission} and an Idempotency-Key (the same key never starts two runs). expectedMatched is the preview’s matched: ` +
          'if the number that matches now differs, nothing starts and the 409 (matches-changed) carries the new numbers. A run cannot be stopped or undone. ' +
          'Answers 202 with the run id and where to follow it (links).',
        permission: 'individuals:edit',
        body: confirmRunBody,
        example: confirmRunBody.meta()?.example,
        idempotent: true,
        responses: {
          '202': 'Started: runId, workflowId, matched, links',
          '404': 'No such type or saved search',
          '409': 'The matches changed since the preview (matches-changed, with matched, alreadyLinked, toCreate), or the type is inactive (sales-record-type-inactive)',
        },
      }),
      get: operation({
        summary: 'SR-6 the tenant’s runs, newest first (cursor: nextBefore)',
        permission: 'sales-enablement:view',
        query: listRunsQuery,
        responses: { '200': 'Runs, as GET /sales-record-runs/{runId} answers them' },
      }),
    },
    '/sales-record-runs/{runId}': {
      get: operation({
        summary: 'SR-6 follow a run: who, when, criteria or saved search (name at the time), type, state, matched, created, skipped, failed, percent, rate, estimated time left',
        permission: 'sales-enablement:view',
        pathParams: runId,
        responses: { '200': 'The run', '404': 'No such run in your tenant' },
      }),
    },
    '/sales-record-runs/{runId}/individuals.csv': {
      get: operation({
        summary: 'SR-6 the individuals the run included, as a streamed CSV (individualId, firstName, lastName, salesRecordId)',
        description: 'Names are those of the linked sales record, once the individual’s page is decided. Cells that could be read as formulas are neutralised.',
        permission: 'sales-enablement:view',
        pathParams: runId,
        responses: { '200': 'text/csv, streamed', '404': 'No such run' },
      }),
    },
    '/sales-record-runs/{runId}/outcomes.csv': {
      get: operation({
        summary: 'SR-6 each individual’s outcome, as a streamed CSV: created / skipped: already linked / failed: reason (pending while its page is not decided)',
        permission: 'sales-enablement:view',
        pathParams: runId,
        responses: { '200': 'text/csv, streamed', '404': 'No such run' },
      }),
    },
    '/sales-records': {
      get: operation({ summary: 'The tenant’s sales records, newest first (cursor: nextBefore)', description: masking, permission: 'sales-enablement:view', query: listSalesRecordsQuery, responses: { '200': 'A page' } }),
    },
    '/sales-records/{salesRecordId}': {
      get: operation({ summary: 'Read a sales record, with its place in its sales workflow (SR-5: current step, step history, tasks)', description: masking, permission: 'sales-enablement:view', pathParams: recordId, responses: { '200': 'The record', '404': 'No such record in your tenant' } }),
      patch: operation({
        summary: 'Change a sales record’s fields (null clears one)',
        description: `Needs ${startPermission}. ${masking} Protected fields are given in clear and stored encrypted.`,
        permission: 'individuals:edit',
        pathParams: recordId,
        body: updateSalesRecordBody,
        example: updateSalesRecordBody.meta()?.example,
        responses: { '200': 'The record', '404': 'No such record' },
      }),
    },
    '/sales-records/{salesRecordId}/convert': {
      post: operation({
        summary: 'SR-7 Convert to Individual: merge the sales record’s values back into its individual and mark the record converted (once)',
        description:
          `Needs ${startPermission}. Which values win (decision 0030): fields users changed on the sales record after it was made replace the individual’s; ` +
          'fields nobody changed there leave the individual’s own; a blank never overwrites; custom fields merge key by key. Protected values go as ciphertext, ' +
          'as stored. The individual is never deleted. Answers the converted record with mergedFields; a second convert is a 409 (sales-record-converted) that merges nothing.',
        permission: 'individuals:edit',
        pathParams: recordId,
        responses: {
          '200': 'The converted record (convertedAt, convertedBy) and mergedFields',
          '404': 'No such record',
          '409': 'Already converted (sales-record-converted, with convertedAt), not linked to an individual (sales-record-not-linked), or its individual is gone (individual-gone)',
        },
      }),
    },
  },
});

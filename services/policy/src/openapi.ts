import { jsonSchema, operation, problemResponse, type OpenApiDocument } from '@agencyflow/http';
import { feedColumns, requiredFeedColumns } from './domain/feed-row';
import { lifecycleActions, type LifecycleAction } from './domain/policy-lifecycle';
import {
  createPolicyBody,
  importListView,
  importView,
  listImportsQuery,
  jsonFeedBody,
  lifecycleAnswerView,
  listPoliciesQuery,
  policyPageView,
  policySyncPreviewBody,
  policySyncPreviewView,
  policyView,
  updatePolicyBody,
} from './policies/policy-schemas';

const security = [{ bearer: [] }, { apiKey: [] }];
const json = (schema: Record<string, unknown>, example?: unknown) => ({
  'application/json': { schema, ...(example === undefined ? {} : { example }) },
});

const policyIdParam = { name: 'policyId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const idempotencyKeyParam = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'The same key and body again answer the first answer (header Idempotent-Replayed: true) without doing the work twice.',
  schema: { type: 'string', pattern: '^[A-Za-z0-9:_.-]{1,200}$' },
};
const etagHeader = { ETag: { description: 'The policy revision, for If-Match on PATCH.', schema: { type: 'string' } } };

const policyExample = {
  id: '0b9f5a52-5a55-4a0c-9d0e-3f7c9f8d2f11',
  carrier: 'Humana',
  policyNumber: 'H1234-567',
  coverageType: 'medicare-advantage',
  status: 'active',
  effectiveDate: '2026-01-01',
  renewalDate: '2027-01-01',
  premium: '129.50',
  writingAgentNpn: '1234567',
  accountId: '5e0c7f3e-4b1a-4d5f-8d6e-2a9b7c1d3e4f',
  policyholderContactId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  revision: 2,
  source: 'crm',
  members: [
    {
      id: '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f',
      relationship: 'policyholder',
      firstName: 'Maria',
      lastName: 'Rivera',
      dateOfBirth: '****-**-**',
      gender: 'female',
      email: 'maria.rivera@example.com',
      phone: '+1 305 555 0100',
      address: { line1: '12 Ocean Dr', city: 'Miami', state: 'FL', zip: '33139' },
      mbi: '*******MK73',
      contactId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    },
  ],
  createdAt: '2026-01-02T10:00:00.000Z',
  updatedAt: '2026-01-05T08:30:00.000Z',
};

const importExample = {
  importId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
  kind: 'carrier-feed-import',
  state: 'completed',
  format: 'csv',
  importedBy: 'fmo-admin-1',
  startedAt: '2026-01-02T10:00:00.000Z',
  finishedAt: '2026-01-02T10:00:04.000Z',
  progress: { rowsTotal: 4, rowsDone: 4, percent: 100, rowsPerSecond: 1, estimatedSecondsLeft: 0 },
  rows: { total: 4, valid: 3, rejected: 1 },
  policies: { inserted: 1, updated: 1, unchanged: 0 },
  members: { inserted: 2, updated: 0, unchanged: 1 },
  rejections: [{ row: 3, reason: 'mbi: MBI must be 11 characters in the CMS format (no S, L, O, I, B, Z)' }],
  rejectionsOmitted: 0,
  ignoredColumns: ['agency_code'],
  failure: null,
  workflowId: 'carrier-feed-import/fmo-1/9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
  links: {
    self: '/carrier-feeds/9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
    rejections: '/carrier-feeds/9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a/rejections.csv',
    outcomes: '/carrier-feeds/9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a/outcomes.csv',
  },
};

const acceptedExample = {
  ...importExample,
  state: 'queued',
  finishedAt: null,
  progress: { rowsTotal: 4, rowsDone: 1, percent: 25, rowsPerSecond: 10, estimatedSecondsLeft: 1 },
  rows: { total: 4, valid: 0, rejected: 1 },
  policies: { inserted: 0, updated: 0, unchanged: 0 },
  members: { inserted: 0, updated: 0, unchanged: 0 },
};

const pageSizeParam = { name: 'pageSize', in: 'query', required: false, description: 'Rows per page the import is written in (1 to 5000, default 1000)', schema: { type: 'integer', minimum: 1, maximum: 5000 } };

const importIdParam = { name: 'importId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

const csvExample = [
  feedColumns.join(','),
  'Humana,H1234-567,medicare-advantage,active,2026-01-01,2027-01-01,129.50,1234567,policyholder,Maria,Rivera,1954-03-02,F,maria.rivera@example.com,305-555-0100,12 Ocean Dr,Miami,FL,33139,1EG4-TE5-MK73',
  'Humana,H1234-567,medicare-advantage,active,2026-01-01,2027-01-01,129.50,1234567,spouse,Jose,Rivera,1952-07-19,M,,,12 Ocean Dr,Miami,FL,33139,',
].join('\n');

function lifecyclePath(action: LifecycleAction) {
  const rule = lifecycleActions[action];
  return {
    post: {
      summary: `${action[0]!.toUpperCase()}${action.slice(1)} a policy (${rule.from.join(', ')} -> ${rule.to})`,
      description:
        (action === 'activate' ? 'ACC-7: the policy becomes active and its account becomes active (the account service reacts to the event). ' : '') +
        `Allowed from ${rule.from.join(', ')}; any other status answers 409. Revision + 1 and policy.policy-changed v1 (change "${rule.change}") in the same transaction.`,
      parameters: [policyIdParam, idempotencyKeyParam],
      responses: {
        '200': {
          description: rule.message,
          headers: etagHeader,
          content: json(jsonSchema(lifecycleAnswerView), { message: rule.message, policy: { ...policyExample, status: rule.to } }),
        },
        '401': problemResponse('No valid credentials'),
        '403': problemResponse('Missing permission policies:edit'),
        '404': problemResponse('No such policy in your tenant'),
        '409': problemResponse('Illegal status change (type .../illegal-transition, with status, action and allowedFrom)'),
      },
    },
  };
}

export const policyOpenApi = (): OpenApiDocument => ({
  openapi: '3.1.0',
  info: {
    title: 'Policy service',
    version: '0.1.0',
    description:
      'Policies (PS-1), carrier feed imports (PS-2) and the policy sync preview for Agent CRM provisioning (PS-9) of a tenant. Member date of birth and MBI are protected: stored ' +
      'encrypted and shown masked unless the caller has protected-data:view (X-4). Every change publishes ' +
      'policy.policy-changed v1 or policy.policy-deleted v1 with the policy revision through the outbox (X-2).',
  },
  security,
  paths: {
    '/policies': {
      post: {
        summary: 'Create a policy for an account of your tenant',
        description:
          'The account must be known to the policy service and the policyholder and member contacts must belong to it (422 otherwise). ' +
          'policyholderContactId defaults to the account\'s primary contact. Carrier + policy number are unique in the tenant (409).',
        parameters: [idempotencyKeyParam],
        requestBody: {
          required: true,
          content: json(jsonSchema(createPolicyBody), {
            accountId: policyExample.accountId,
            policyholderContactId: policyExample.policyholderContactId,
            carrier: 'Humana',
            policyNumber: 'H1234-567',
            coverageType: 'medicare-advantage',
            effectiveDate: '2026-01-01',
            renewalDate: '2027-01-01',
            premium: '129.50',
            writingAgentNpn: '1234567',
            members: [
              {
                relationship: 'policyholder',
                firstName: 'Maria',
                lastName: 'Rivera',
                dateOfBirth: '1954-03-02',
                gender: 'female',
                mbi: '1EG4-TE5-MK73',
                address: { line1: '12 Ocean Dr', city: 'Miami', state: 'FL', zip: '33139' },
                contactId: policyExample.policyholderContactId,
              },
            ],
          }),
        },
        responses: {
          '201': { description: 'Created (status pending unless active was asked for)', headers: etagHeader, content: json(jsonSchema(policyView), { ...policyExample, status: 'pending', revision: 1 }) },
          '400': problemResponse('Invalid body (e.g. NPN not 1-10 digits, MBI not in the CMS format, 2026-02-30)'),
          '401': problemResponse('No valid credentials'),
          '403': problemResponse('Missing permission policies:edit'),
          '409': problemResponse('The carrier already has this policy number in your tenant'),
          '422': problemResponse('Unknown account, a contact outside the account, or a duplicate member'),
        },
      },
      get: {
        summary: 'List your tenant\'s policies, in carrier and policy number order',
        parameters: Object.entries((jsonSchema(listPoliciesQuery).properties ?? {}) as Record<string, Record<string, unknown>>).map(
          ([name, schema]) => ({ name, in: 'query', required: false, schema, ...(schema.description ? { description: schema.description } : {}) }),
        ),
        responses: {
          '200': { description: 'A page; pass nextCursor as cursor for the next one', content: json(jsonSchema(policyPageView), { items: [policyExample], nextCursor: null }) },
          '400': problemResponse('Invalid filter or cursor'),
          '401': problemResponse('No valid credentials'),
          '403': problemResponse('Missing permission policies:view'),
        },
      },
    },
    '/policies/{policyId}': {
      get: {
        summary: 'Read a policy of your tenant with its members',
        parameters: [policyIdParam],
        responses: {
          '200': { description: 'The policy', headers: etagHeader, content: json(jsonSchema(policyView), policyExample) },
          '400': problemResponse('Malformed policy id'),
          '403': problemResponse('Missing permission policies:view'),
          '404': problemResponse('No such policy in your tenant'),
        },
      },
      patch: {
        summary: 'Change a policy\'s premium, dates, coverage type, writing agent NPN or policyholder contact',
        description: 'Status changes go through the lifecycle routes. A change that changes nothing writes nothing; otherwise revision + 1 and policy-changed "updated".',
        parameters: [
          policyIdParam,
          { name: 'If-Match', in: 'header', required: false, description: 'The ETag (revision) you read; 412 if the policy changed since.', schema: { type: 'string' } },
        ],
        requestBody: { required: true, content: json(jsonSchema(updatePolicyBody), { premium: '134.20', renewalDate: '2027-01-01' }) },
        responses: {
          '200': { description: 'The policy after the change', headers: etagHeader, content: json(jsonSchema(policyView), { ...policyExample, premium: '134.20', revision: 3 }) },
          '400': problemResponse('Invalid body'),
          '403': problemResponse('Missing permission policies:edit'),
          '404': problemResponse('No such policy in your tenant'),
          '412': problemResponse('The policy is no longer at the If-Match revision'),
          '422': problemResponse('The policyholder contact is not a contact of the policy\'s account'),
        },
      },
      delete: {
        summary: 'Delete a policy and its members',
        description: 'Publishes policy.policy-deleted v1 with reason "user".',
        parameters: [policyIdParam],
        responses: {
          '204': { description: 'Deleted' },
          '403': problemResponse('Missing permission policies:edit'),
          '404': problemResponse('No such policy in your tenant'),
        },
      },
    },
    '/policies/{policyId}/activate': lifecyclePath('activate'),
    '/policies/{policyId}/cancel': lifecyclePath('cancel'),
    '/policies/{policyId}/terminate': lifecyclePath('terminate'),
    '/policies/{policyId}/archive': lifecyclePath('archive'),
    '/carrier-feeds': {
      get: operation({
        summary: 'List import jobs, newest first (cursor: nextBefore); filter by state and arrival time',
        permission: 'carrier-feeds:import',
        query: listImportsQuery,
        responses: { '200': ['A page of imports (their first rejections left out)', importListView] },
      }),
      post: {
        summary: 'Import a carrier file (CSV, streamed; use this for big files)',
        description:
          'PS-2. The body is read as it arrives, never buffered whole, so files of hundreds of thousands of rows import with bounded memory ' +
          '(at most 1,000,000 rows). The first line is the header; column names are matched case-insensitively, spaces as underscores. ' +
          `Columns: ${feedColumns.join(', ')}; required: ${requiredFeedColumns.join(', ')}; others are optional, unknown ones ignored (listed in ignoredColumns). ` +
          'One row per member; the policy fields repeat on each member row. Dates are YYYY-MM-DD or M/D/YYYY; premium may carry $ and thousands separators. ' +
          'Each invalid row is reported with its 1-based data row number (the header is not counted) and reason, and not written; so is a row ' +
          'whose policy fields contradict an earlier row of the same policy, or that repeats a member. Valid rows upsert policies by (carrier, ' +
          'policy number) and members by (policy, name and date of birth); importing the same file again changes nothing. ' +
          'The import is a job: once the whole file has arrived and is staged (encrypted) the answer is 202 with the job, and a workflow writes it ' +
          'in pages; follow it at Location (state, counts, percent, rate, time left), download its rejections and outcomes CSVs when it is done. ' +
          'A malformed file or a broken-off upload stages nothing. A tenant\'s imports are written one at a time, in the order they arrived ' +
          '(a later one waits as queued). Re-sending a file is safe without an Idempotency-Key.',
        parameters: [pageSizeParam],
        requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' }, example: csvExample } } },
        responses: {
          '202': { description: 'Received and staged; Location is the import job', content: json(jsonSchema(importView), acceptedExample) },
          '400': problemResponse('Empty file, missing required columns (invalid-feed-header), malformed CSV, or upload broken off'),
          '401': problemResponse('No valid credentials'),
          '403': problemResponse('Missing permission carrier-feeds:import'),
          '413': problemResponse('More than 1,000,000 rows'),
          '503': problemResponse('Every import slot of this instance is busy (imports-busy); retry after the Retry-After seconds'),
          '415': problemResponse('Not text/csv'),
        },
      },
    },
    '/carrier-feeds/json': {
      post: {
        summary: 'Import a JSON batch of carrier rows (within the 1 MB JSON body limit; use the CSV route for big files)',
        description: 'Same rows, rules and answer (202, a job) as the CSV route; each row is an object keyed by the CSV column names. Row numbers are 1-based positions in rows. Unknown keys reject the row.',
        parameters: [idempotencyKeyParam, pageSizeParam],
        requestBody: {
          required: true,
          content: json(jsonSchema(jsonFeedBody), {
            rows: [
              {
                carrier: 'Humana',
                policy_number: 'H1234-567',
                coverage_type: 'medicare-advantage',
                status: 'active',
                effective_date: '2026-01-01',
                renewal_date: '2027-01-01',
                premium: '129.50',
                writing_agent_npn: '1234567',
                member_relationship: 'policyholder',
                first_name: 'Maria',
                last_name: 'Rivera',
                date_of_birth: '1954-03-02',
                mbi: '1EG4-TE5-MK73',
              },
            ],
          }),
        },
        responses: {
          '202': { description: 'Received and staged; Location is the import job', content: json(jsonSchema(importView), { ...acceptedExample, format: 'json', ignoredColumns: [] }) },
          '400': problemResponse('Body is not { rows: [...] }'),
          '403': problemResponse('Missing permission carrier-feeds:import'),
          '413': problemResponse('Body over the JSON limit: use POST /carrier-feeds with text/csv'),
          '503': problemResponse('Every import slot of this instance is busy (imports-busy); retry after the Retry-After seconds'),
        },
      },
    },
    '/agent-crm/preview': {
      post: {
        summary: 'Preview what a policy sync of these NPNs would copy from your book (PS-9)',
        description:
          'For the FMO admin before provisioning an Agent CRM: counts of your tenant\'s policies whose writing agent NPN is one of ' +
          'the given NPNs (the only policies a sync ever copies, PS-4), their members, and the members without an email (who would ' +
          'become contacts without one, PS-5), in all and per NPN (in the order given, zeros included). Members are policy members ' +
          '(a person on two policies counts twice); `contacts` and `contactsWithoutEmail` count people as the sync will make them ' +
          '(once each), the numbers the run then reports. Reads only; writes nothing. Answers counts, never member data.',
        requestBody: { required: true, content: json(jsonSchema(policySyncPreviewBody), { npns: ['17234598', '17234599'] }) },
        responses: {
          '200': {
            description: 'The counts',
            content: json(jsonSchema(policySyncPreviewView), {
              policies: 42,
              members: 67,
              membersWithoutEmail: 9,
              perNpn: [
                { npn: '17234598', policies: 30, members: 48, membersWithoutEmail: 6 },
                { npn: '17234599', policies: 12, members: 19, membersWithoutEmail: 3 },
              ],
            }),
          },
          '400': problemResponse('No NPNs, more than 100, or an NPN that is not 1 to 10 digits'),
          '401': problemResponse('No valid credentials'),
          '403': problemResponse('Missing permission agent-crm:provision'),
        },
      },
    },
    '/internal/policy-sync/pages': {
      get: {
        summary: 'Internal: one page of a business’s synced copies, for the account side of a policy sync (PS-5)',
        description:
          'Service to service, inside the account service’s activity: the copies of the business (the token’s tenant) whose source ' +
          'policy id is in (after, through], as PostgreSQL COPY text in the column order of `syncedPageColumns` (contracts). ' +
          'Protected fields are ciphertext. Needs `policy-sync:transfer`, which no security group grants: only a service holding ' +
          'the signing secret mints such a token.',
        parameters: [
          { name: 'after', in: 'query', required: false, schema: { type: 'string', format: 'uuid' } },
          { name: 'through', in: 'query', required: true, schema: { type: 'string', format: 'uuid' } },
        ],
        responses: {
          '200': { description: 'The page', content: { 'text/tab-separated-values': { schema: { type: 'string' } } } },
          '400': problemResponse('after or through is not a uuid, or the token\'s tenant is not a business'),
          '401': problemResponse('No valid credentials'),
          '403': problemResponse('Missing permission policy-sync:transfer'),
        },
      },
    },
    '/carrier-feeds/{importId}': {
      get: {
        summary: 'Follow an import job: state, counts, percent, rate, time left, first rejections',
        parameters: [importIdParam],
        responses: {
          '200': { description: 'The import', content: json(jsonSchema(importView), importExample) },
          '403': problemResponse('Missing permission carrier-feeds:import'),
          '404': problemResponse('No such import in your tenant'),
        },
      },
    },
    '/carrier-feeds/{importId}/rejections.csv': {
      get: {
        summary: 'Every rejected row of an import: row number and reason, never a cell\'s value (CSV)',
        parameters: [importIdParam],
        responses: {
          '200': { description: 'CSV with header row,reason', content: { 'text/csv': { schema: { type: 'string' }, example: 'row,reason\r\n3,mbi: MBI must be 11 characters in the CMS format (no S, L, O, I, B, Z)\r\n' } } },
          '403': problemResponse('Missing permission carrier-feeds:import'),
          '404': problemResponse('No such import in your tenant'),
        },
      },
    },
    '/carrier-feeds/{importId}/outcomes.csv': {
      get: {
        summary: 'Every row of an import with its outcome: inserted, updated, unchanged (its member), rejected, or pending (CSV)',
        parameters: [importIdParam],
        responses: {
          '200': {
            description: 'CSV with header row,outcome,policyId,reason',
            content: { 'text/csv': { schema: { type: 'string' }, example: 'row,outcome,policyId,reason\r\n1,inserted,6f1c0d4e-2b7a-4c59-9e3d-8a1b2c3d4e5f,\r\n' } },
          },
          '403': problemResponse('Missing permission carrier-feeds:import'),
          '404': problemResponse('No such import in your tenant'),
        },
      },
    },
  },
});

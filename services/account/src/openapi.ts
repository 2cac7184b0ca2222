import { z } from 'zod';
import { MAX_SUBJECT_LENGTH } from '@agencyflow/contracts';
import { operation, type OpenApiDocument } from '@agencyflow/http';
import { accountView, createAccountBody, listAccountsQuery, updateAccountBody } from './accounts/account-schemas';
import { dealCardBody, fileQuery, MAX_FILE_BYTES } from './contacts/attachment-schemas';
import { createContactBody, deleteContactQuery, updateContactBody } from './contacts/contact-schemas';
import { customFieldBody, servicingAgentBody } from './settings/settings-schemas';
import { agentCrmUserBody, listBusinessesQuery, listSyncRunsQuery, policySyncBody, provisionBody } from './agent-crm/agent-crm-schemas';
import { changeGroupBody, createGroupBody, securityGroupView } from './security-groups/security-group-schemas';
import { protectedDataAccess, securityGroupResolution, securityGroupResolutionPath, securityGroupResolutionRequest } from '@agencyflow/contracts';
import { accessLogPageView, listAccessLogQuery } from './protected-data-access/access-log-schemas';
import { countBody, csvBody, searchBody } from './individual-search/individual-search-schemas';
import { renameSearchBody, saveSearchBody, savedSearchView } from './saved-searches/saved-search-schemas';
import { individualMatchesBody, salesRecordSourcesBody } from './individual-transfer/individual-transfer-schemas';
import { individualMatchesPath, individualMerge, individualMergePath, individualMergeResult, salesRecordSourcesPath } from '@agencyflow/contracts';
import { amsConnectionBody, amsConnectionView, listAmsSyncRequestsQuery } from './ams-sync/ams-sync-schemas';

const accountId = ['accountId'];
const contactId = ['contactId'];
const businessId = ['businessId'];
const provisioning = 'Business still provisioning (business-provisioning): try again once it is active';
const groupId = ['groupId'];
const manage = 'security-groups:manage';
const savedSearchId = ['savedSearchId'];
const amsQueued =
  'Answers 202 with the request id, where to follow it (`statusUrl`), and the account’s sync workflow (`ams-sync/<tenant>/<account>`) with its Temporal UI link. ' +
  'Requests for one account run one at a time in arrival order (AMS-6); a secondary is synced only after its primary (AMS-3: `Primary Contact not synced` otherwise); ' +
  'transient AMS failures are retried within a bounded time, validation errors stop the contact with the AMS’s own message (AMS-4).';
const amsNotConnected = 'No AMS connected (ams-not-connected)';
const criteriaModel =
  'Criteria are one JSON object; every field is optional and the given ones combine with AND; a list means any of them. ' +
  'Individual fields: status, state, county, zip (5 digits, matches ZIP+4 too), servicingAgentId, leadSource, gender, ' +
  'dateOfBirth {from, to}, age {min, max} (whole years today, UTC), customFields {key: criterion by the field’s type}. ' +
  'Policy fields: policy {coverageType, status, carrier, effectiveDate, renewalDate} (one policy the individual holds or is a member of meets them all), ' +
  'hasActivePolicy (true/false). Unknown fields, bad dates and inverted ranges answer 400 (decision 0025).';
const lastManageGroup = 'The tenant’s last group holding security-groups:manage (last-manage-group): give it to another group first';

/** A member route: its `subject` is a token's `sub` (any printable text up to 200 characters), not a uuid. */
const memberOperation = (spec: Parameters<typeof operation>[0]) => {
  const op = operation({ ...spec, pathParams: ['groupId', 'subject'] });
  const parameters = (op.parameters as Array<{ name: string; schema: unknown; description?: string }>).map((p) =>
    p.name === 'subject' ? { ...p, schema: { type: 'string', minLength: 1, maxLength: MAX_SUBJECT_LENGTH }, description: 'The user as tokens name it (`sub`), URL-encoded' } : p,
  );
  return { ...op, parameters };
};

export const accountOpenApi = (): OpenApiDocument => ({
  openapi: '3.1.0',
  info: {
    title: 'Account service',
    version: '0.2.0',
    description:
      'Accounts and contacts of a CRM tenant (rules ACC-1..ACC-9 of DOMAIN.md). Every route is scoped to the tenant of the ' +
      'caller’s token; another tenant’s records answer 404. Protected fields (ssn, dateOfBirth, mbi, driversLicenseNumber) are ' +
      'encrypted at rest and masked unless the caller has `protected-data:view`.',
  },
  security: [{ bearer: [] }, { apiKey: [] }],
  paths: {
    '/accounts': {
      post: operation({
        summary: 'Open an account (starts as a prospect)',
        permission: 'accounts:edit',
        body: createAccountBody,
        example: { name: 'Rivera household' },
        idempotent: true,
        responses: { '201': ['Created', accountView] },
      }),
      get: operation({ summary: 'List accounts, newest first (cursor: nextBefore)', permission: 'accounts:view', query: listAccountsQuery, responses: { '200': 'A page of accounts' } }),
    },
    '/accounts/{accountId}': {
      get: operation({ summary: 'Read an account', permission: 'accounts:view', pathParams: accountId, responses: { '200': ['The account', accountView], '404': 'No such account in your tenant' } }),
      patch: operation({
        summary: 'Rename an account or set it to prospect/inactive (cascades to its contacts, ACC-8)',
        description: 'An account with an active policy cannot be set inactive (409); "active" follows from policies (ACC-6).',
        permission: 'accounts:edit',
        pathParams: accountId,
        body: updateAccountBody,
        example: { status: 'inactive' },
        responses: { '200': ['Updated', accountView], '404': 'No such account', '409': 'Refused by ACC-6' },
      }),
    },
    '/accounts/{accountId}/360': {
      get: operation({ summary: 'Account 360: the account, its contacts (primary/secondary, relation), policies and history, newest first (ACC-9)', permission: 'accounts:view', pathParams: accountId, responses: { '200': 'The view', '404': 'No such account' } }),
    },
    '/accounts/{accountId}/contacts': {
      post: operation({
        summary: 'Add a contact: the first becomes the primary, later ones secondary (ACC-1); it takes the account status (ACC-8)',
        permission: 'accounts:edit',
        pathParams: accountId,
        body: createContactBody,
        example: { firstName: 'Jose', lastName: 'Rivera', relation: 'spouse', email: 'jose@example.com', dateOfBirth: '1952-07-04' },
        idempotent: true,
        responses: { '201': 'The contact', '404': 'No such account' },
      }),
      get: operation({ summary: 'List an account’s contacts, primary first', permission: 'accounts:view', pathParams: accountId, responses: { '200': 'Contacts', '404': 'No such account' } }),
    },
    '/contacts/{contactId}': {
      get: operation({ summary: 'Read a contact', permission: 'accounts:view', pathParams: contactId, responses: { '200': 'The contact', '404': 'No such contact' } }),
      patch: operation({
        summary: 'Change a contact; `relation` can be set, changed or cleared (null) on a secondary (ACC-2)',
        permission: 'accounts:edit',
        pathParams: contactId,
        body: updateContactBody,
        example: { relation: 'business-partner' },
        responses: { '200': 'The contact', '404': 'No such contact' },
      }),
      delete: operation({
        summary: 'Delete a contact with everything attached (ACC-3/4/5)',
        description:
          'Without `confirm=true` nothing is deleted: 409 `confirmation-required` lists `wouldDelete` (policies, deal cards, files, history). ' +
          'Deleting the primary needs `newPrimaryContactId` (409 `new-primary-required` lists the candidates); its active policies move to the new primary. ' +
          'Deleting the last contact removes the account and its policies.',
        permission: 'accounts:edit',
        pathParams: contactId,
        query: deleteContactQuery,
        responses: { '200': 'Deleted: what went', '404': 'No such contact', '409': 'Confirmation or new primary required', '422': 'The new primary is not a contact of the account' },
      }),
    },
    '/contacts/{contactId}/make-primary': {
      post: operation({ summary: 'Make this contact the primary; the previous primary becomes a secondary', permission: 'accounts:edit', pathParams: contactId, responses: { '200': 'The contact', '404': 'No such contact' } }),
    },
    '/contacts/{contactId}/360': {
      get: operation({ summary: 'Contact 360: the contact, its account and label, policies, deal cards, files and history (ACC-9)', permission: 'accounts:view', pathParams: contactId, responses: { '200': 'The view', '404': 'No such contact' } }),
    },
    '/contacts/{contactId}/deal-cards': {
      post: operation({ summary: 'Add a deal card to a contact', permission: 'accounts:edit', pathParams: contactId, body: dealCardBody, example: { title: 'Medicare Supplement plan G', stage: 'proposal', value: '1740.00' }, responses: { '201': 'The deal card', '404': 'No such contact' } }),
    },
    '/contacts/{contactId}/files': {
      post: operation({
        summary: `Attach a file (the body is the file, application/octet-stream, at most ${MAX_FILE_BYTES / 1024 / 1024} MB)`,
        permission: 'accounts:edit',
        pathParams: contactId,
        query: fileQuery,
        body: z.string(),
        bodyMediaType: 'application/octet-stream',
        responses: { '201': 'The file’s metadata', '404': 'No such contact', '413': 'File too large', '415': 'Not application/octet-stream' },
      }),
    },
    '/files/{fileId}/content': {
      get: operation({ summary: 'Download a file', permission: 'accounts:view', pathParams: ['fileId'], responses: { '200': 'The file', '404': 'No such file' } }),
    },
    '/custom-fields': {
      post: operation({ summary: 'Define a typed custom field for contacts', permission: 'accounts:edit', body: customFieldBody, example: { key: 'preferred_language', label: 'Preferred language', type: 'dropdown', options: ['English', 'Spanish'] }, responses: { '201': 'Defined', '409': 'Key exists' } }),
      get: operation({ summary: 'List custom field definitions', permission: 'accounts:view', responses: { '200': 'Definitions' } }),
    },
    '/servicing-agents': {
      post: operation({ summary: 'Add a servicing agent (optionally linked to a user)', permission: 'accounts:edit', body: servicingAgentBody, example: { name: 'Dana Brooks', npn: '17234598', userId: 'user-dana' }, responses: { '201': 'Added' } }),
      get: operation({ summary: 'List servicing agents', permission: 'accounts:view', responses: { '200': 'Agents' } }),
    },
    '/protected-data-access': {
      get: operation({
        summary: 'Who saw protected data unmasked: the tenant’s access log, newest first (X-4; cursor: nextBefore)',
        description:
          'An entry per record an answer, export or codec decode showed with protected fields (ssn, dateOfBirth, mbi, ' +
          'driversLicenseNumber) unmasked: who, when, which record, which fields (never the values), from which service. ' +
          'Accesses of the policy service arrive through its events, so they show within seconds.',
        permission: 'protected-data:audit',
        query: listAccessLogQuery,
        responses: { '200': ['A page of access-log entries', accessLogPageView] },
      }),
      post: operation({
        summary: 'Record an access (services only: the codec server records its decodes here)',
        permission: 'protected-data:record',
        body: protectedDataAccess,
        responses: { '204': 'Recorded (a repeat of the same accessId records nothing more)' },
      }),
    },
    '/individuals/search': {
      post: operation({
        summary: 'SR-1 Individual Advanced Search: a page of the individuals (contacts) that match, by last name, first name and id',
        description: `${criteriaModel} Pages: pass the answer’s \`nextAfter\` as \`after\` (null on the last page). Items are contacts as GET /contacts/{id} answers them, protected fields masked without \`protected-data:view\`.`,
        permission: 'accounts:view',
        body: searchBody,
        example: searchBody.meta()?.example,
        responses: { '200': 'A page: items and nextAfter' },
      }),
    },
    '/individuals/search/count': {
      post: operation({ summary: 'SR-1 how many individuals match the criteria (exact)', description: criteriaModel, permission: 'accounts:view', body: countBody, example: countBody.meta()?.example, responses: { '200': 'The count' } }),
    },
    '/individuals/search/csv': {
      post: operation({
        summary: 'SR-1 every matching individual as a streamed CSV download (RFC 4180, header row)',
        description:
          `${criteriaModel} One column per standard field and per custom field (\`customFields.<key>\`); protected columns are masked without ` +
          '`protected-data:view`; a cell starting with =, +, -, @, tab or CR is prefixed with \' so spreadsheets read it as text.',
        permission: 'accounts:view',
        body: csvBody,
        example: csvBody.meta()?.example,
        responses: { '200': 'text/csv, streamed' },
      }),
    },
    '/saved-searches': {
      post: operation({
        summary: 'SR-1 save a search: a name unique in the tenant (without case) and its criteria, owned by the caller',
        permission: 'individuals:edit',
        body: saveSearchBody,
        example: saveSearchBody.meta()?.example,
        idempotent: true,
        responses: { '201': ['Saved', savedSearchView], '409': 'The tenant has a saved search of that name (saved-search-name-taken)' },
      }),
      get: operation({ summary: 'List the tenant’s saved searches, by name', permission: 'accounts:view', responses: { '200': 'Saved searches' } }),
    },
    '/saved-searches/{savedSearchId}': {
      get: operation({ summary: 'Read a saved search', permission: 'accounts:view', pathParams: savedSearchId, responses: { '200': ['The saved search', savedSearchView], '404': 'No such saved search in your tenant' } }),
      patch: operation({
        summary: 'Rename a saved search (its owner only)',
        permission: 'individuals:edit',
        pathParams: savedSearchId,
        body: renameSearchBody,
        example: renameSearchBody.meta()?.example,
        responses: { '200': ['Renamed', savedSearchView], '403': 'Not the owner (not-saved-search-owner)', '404': 'No such saved search', '409': 'Name taken (saved-search-name-taken)' },
      }),
      delete: operation({
        summary: 'Delete a saved search (its owner only)',
        permission: 'individuals:edit',
        pathParams: savedSearchId,
        responses: { '204': 'Deleted', '403': 'Not the owner (not-saved-search-owner)', '404': 'No such saved search' },
      }),
    },
    [individualMatchesPath]: {
      post: operation({
        summary: 'SR-2 the id of every individual the criteria or saved search match (services only: the sales service snapshots a run with it)',
        description:
          'text/plain, streamed from one consistent read: one id a line, then `#end`. A saved search’s name comes in the ' +
          '`agencyflow-saved-search-name` header (URL-encoded). Decision 0027.',
        permission: 'individuals:transfer',
        body: individualMatchesBody,
        responses: { '200': 'Ids, one a line, ending with #end', '404': 'No such saved search in the tenant' },
      }),
    },
    [salesRecordSourcesPath]: {
      post: operation({
        summary: 'SR-4 the fields a sales record takes from these individuals (services only: a sales-record run’s page pulls them)',
        description:
          'COPY text (tab separated, \\N for null) in the columns of salesRecordSourceColumns (packages/contracts): protected fields as ' +
          'ciphertext, custom fields of the carried types only, the servicing agent’s linked user as assignee. An id that is not the tenant’s has no line.',
        permission: 'individuals:transfer',
        body: salesRecordSourcesBody,
        responses: { '200': 'text/tab-separated-values' },
      }),
    },
    [individualMergePath]: {
      post: operation({
        summary: 'SR-7 merge a sales record converted to individual back into its individual (services only: the sales service’s convert)',
        description:
          'Values users edited on the sales record after it was made win; a blank never overwrites; custom fields merge key by key; protected values are ' +
          'ciphertext, stored as they are (400 if this service cannot read one). One contact-updated naming the merged fields. Decision 0030.',
        permission: 'individuals:merge',
        body: individualMerge,
        responses: { '200': ['The fields merged', individualMergeResult], '404': 'No such individual in the tenant' },
      }),
    },
    [securityGroupResolutionPath]: {
      post: operation({
        summary: 'The tenant’s security groups that concern a caller (services only: the codec server resolves its callers with it)',
        permission: 'security-groups:resolve',
        body: securityGroupResolutionRequest,
        responses: { '200': ['The groups the subject is a member of or that the names name; null when the tenant has none of its own yet', securityGroupResolution] },
      }),
    },
    '/me/permissions': {
      get: operation({
        summary: 'What the server resolved for the caller: permissions and the security groups they came from (X-3)',
        description:
          'Any authenticated caller. `groups[].via` says how each group applies: `membership` (the tenant assigned the caller), `token` ' +
          '(named in the token’s `groups` claim, resolved by name against the tenant’s groups) or `platform` (a platform group).',
        responses: { '200': 'The caller, its permissions and groups' },
      }),
    },
    '/security-groups': {
      get: operation({
        summary: 'List the tenant’s security groups with their permissions and member counts (X-3)',
        description: 'The first time a tenant’s groups are used, its default groups are created (agency-admin, fmo-admin, operator, agent, ...).',
        permission: manage,
        responses: { '200': 'The groups, by name' },
      }),
      post: operation({
        summary: 'Create a security group (name unique in the tenant without case; permissions from the catalogue)',
        permission: manage,
        body: createGroupBody,
        example: createGroupBody.meta()?.example,
        responses: { '201': ['Created', securityGroupView], '409': 'A group of the tenant has that name (group-name-taken)' },
      }),
    },
    '/security-groups/{groupId}': {
      get: operation({ summary: 'Read a security group', permission: manage, pathParams: groupId, responses: { '200': ['The group', securityGroupView], '404': 'No such group in your tenant' } }),
      patch: operation({
        summary: 'Rename a group and/or replace its permissions; its members’ permissions follow on every service once the change event arrives',
        permission: manage,
        pathParams: groupId,
        body: changeGroupBody,
        example: changeGroupBody.meta()?.example,
        responses: { '200': ['The group', securityGroupView], '404': 'No such group', '409': `Name taken (group-name-taken), or: ${lastManageGroup}` },
      }),
      delete: operation({
        summary: 'Delete a group and its memberships',
        permission: manage,
        pathParams: groupId,
        responses: { '204': 'Deleted', '404': 'No such group', '409': lastManageGroup },
      }),
    },
    '/security-groups/{groupId}/members': {
      get: operation({ summary: 'List the users assigned to a group', permission: manage, pathParams: groupId, responses: { '200': 'Members, by subject', '404': 'No such group' } }),
    },
    '/security-groups/{groupId}/members/{subject}': {
      put: memberOperation({
        summary: 'Assign a user (a token subject) to a group',
        permission: manage,
        responses: { '200': 'Already a member', '201': 'Assigned', '404': 'No such group', '409': 'The group has 1,000 members (group-full): use the identity provider’s groups' },
      }),
      delete: memberOperation({ summary: 'Take a user out of a group', permission: manage, responses: { '204': 'Removed', '404': 'No such group, or the user is not a member' } }),
    },
    '/ams/connection': {
      put: operation({
        summary: 'Connect the tenant’s one AMS (AMS-1): kind, base URL, credentials (stored encrypted, never returned), poll interval, rate limit',
        description: 'A second connect replaces the first. Also creates (or updates) the Temporal Schedule `ams-inbound/<tenant>` that polls the AMS for changes (AMS-7).',
        permission: 'ams:sync',
        body: amsConnectionBody,
        example: amsConnectionBody.meta()?.example,
        responses: { '200': ['Connected', amsConnectionView] },
      }),
      get: operation({ summary: 'Read the tenant’s AMS connection (never its credentials)', permission: 'ams:sync', responses: { '200': ['The connection', amsConnectionView], '404': 'No AMS connected' } }),
      delete: operation({ summary: 'Disconnect the AMS: the connection and its credentials deleted, the inbound Schedule too', permission: 'ams:sync', responses: { '204': 'Disconnected', '404': 'No AMS connected' } }),
    },
    '/ams/connection/test': {
      post: operation({ summary: 'Test the connection: one read with the stored credentials; `ok` and the AMS’s answer', permission: 'ams:sync', responses: { '200': 'The test’s outcome', '404': 'No AMS connected' } }),
    },
    '/contacts/{contactId}/ams/add': {
      post: operation({ summary: 'Add contact to AMS (AMS-2): create its AMS record (or find the one a retried add made, AMS-5) and keep its AMS id', description: amsQueued, permission: 'ams:sync', pathParams: contactId, idempotent: true, responses: { '202': 'Queued', '404': 'No such contact', '409': amsNotConnected } }),
    },
    '/contacts/{contactId}/ams/sync': {
      post: operation({ summary: 'Sync contact (AMS-2): push the CRM fields to its linked AMS record', description: amsQueued, permission: 'ams:sync', pathParams: contactId, idempotent: true, responses: { '202': 'Queued', '404': 'No such contact', '409': amsNotConnected } }),
    },
    '/accounts/{accountId}/ams/sync': {
      post: operation({ summary: 'Sync the whole account: the primary first, then the secondaries (AMS-3); contacts not in the AMS yet are added', description: amsQueued, permission: 'ams:sync', pathParams: accountId, idempotent: true, responses: { '202': 'Queued', '404': 'No such account', '409': amsNotConnected } }),
    },
    '/ams/sync-requests': {
      get: operation({
        summary: 'List the tenant’s AMS sync requests as jobs, newest first (cursor: nextBefore), by state, account, contact and request time',
        permission: 'ams:sync',
        query: listAmsSyncRequestsQuery,
        responses: { '200': 'A page of sync requests, each as GET /ams/sync-requests/{requestId} answers it without the contacts' },
      }),
    },
    '/ams/sync-requests/{requestId}': {
      get: operation({ summary: 'Follow a sync request: its state and its contacts’ sync states (not synced / queued / syncing / synced with AMS id / failed with the AMS’s message)', permission: 'ams:sync', pathParams: ['requestId'], responses: { '200': 'The request', '404': 'No such request' } }),
    },
    '/agent-crm/businesses': {
      get: operation({
        summary: 'List your FMO’s businesses, newest first (cursor: nextBefore): the provisioning jobs, by state and creation time',
        permission: 'agent-crm:provision',
        query: listBusinessesQuery,
        responses: { '200': 'A page of businesses' },
      }),
      post: operation({
        summary: 'Provision an Agent CRM business for a downline agent or agency (PS-3), with its first policy sync (PS-4..PS-6)',
        description:
          'Answers 202 with the provisioning workflow id, its Temporal UI link and where to follow it. The business is `provisioning` ' +
          'until its first sync is done, then `active`; a failed step removes it (saga). No Agent CRM user may share an email.',
        permission: 'agent-crm:provision',
        body: provisionBody,
        example: provisionBody.meta()?.example,
        idempotent: true,
        responses: { '202': 'Provisioning started', '409': 'An email is already used by an Agent CRM user (email-already-used)' },
      }),
    },
    '/agent-crm/businesses/{businessId}': {
      get: operation({
        summary: 'Read a business: state, users, the running sync and every run’s report (PS-9 counts)',
        permission: 'agent-crm:provision',
        pathParams: businessId,
        responses: { '200': 'The business', '404': 'No such business of your FMO' },
      }),
    },
    '/policy-syncs': {
      get: operation({
        summary: 'List the policy sync runs of your FMO’s businesses, newest first (cursor: nextBefore), by state, business and start time',
        description: 'Each run as a job: trigger, state, who asked, its counts (PS-9), its workflow id and where to follow it.',
        permission: 'agent-crm:provision',
        query: listSyncRunsQuery,
        responses: { '200': 'A page of sync runs' },
      }),
    },
    '/policy-syncs/{runId}': {
      get: operation({
        summary: 'Read one policy sync run: state, counts, workflow',
        permission: 'agent-crm:provision',
        pathParams: ['runId'],
        responses: { '200': 'The run', '404': 'No such run of your FMO’s businesses' },
      }),
    },
    '/agent-crm/businesses/{businessId}/policy-sync': {
      post: operation({
        summary: 'Turn policy sync on (runs a sync) or off (re-syncs refused, synced data kept) (PS-7)',
        permission: 'agent-crm:provision',
        pathParams: businessId,
        body: policySyncBody,
        example: { enabled: true },
        responses: { '200': 'Unchanged or turned off', '202': 'Turned on; the sync starts', '404': 'No such business', '409': provisioning },
      }),
    },
    '/agent-crm/businesses/{businessId}/resync': {
      post: operation({
        summary: 'Re-sync policies: new ones added, changed ones updated, nothing duplicated (PS-6)',
        permission: 'agent-crm:provision',
        pathParams: businessId,
        idempotent: true,
        responses: { '202': 'Sync started (or one more run asked of the running one)', '404': 'No such business', '409': `Policy sync is disabled (policy-sync-disabled), or: ${provisioning}` },
      }),
    },
    '/agent-crm/businesses/{businessId}/agents': {
      post: operation({
        summary: 'Add an agent to an agency business; with policy sync on, their NPN’s policies sync (PS-8)',
        permission: 'agent-crm:provision',
        pathParams: businessId,
        body: agentCrmUserBody,
        example: { name: 'Sam Ortiz', email: 'sam@brooks.example', npn: '4417890' },
        responses: {
          '201': 'Added (policy sync is off)',
          '202': 'Added; the sync starts',
          '404': 'No such business',
          '409': `Not an agency (not-an-agency), an email already used (email-already-used), or: ${provisioning}`,
        },
      }),
    },
  },
});

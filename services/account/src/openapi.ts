import { MAX_SUBJECT_LENGTH } from '@agencyflow/contracts';
import { openApiDocument, operation, type OpenApiDocument } from '@agencyflow/http';
import { agentCrmUserBody, listBusinessesQuery, listSyncRunsQuery, policySyncBody, provisionBody } from './agent-crm/agent-crm-schemas';
import { changeGroupBody, createGroupBody, securityGroupView } from './security-groups/security-group-schemas';
import { securityGroupResolution, securityGroupResolutionPath, securityGroupResolutionRequest } from '@agencyflow/contracts';
import { individualMatchesBody, salesRecordSourcesBody } from './individual-transfer/individual-transfer-schemas';
import { individualMatchesPath, individualMerge, individualMergePath, individualMergeResult, salesRecordSourcesPath } from '@agencyflow/contracts';
import { amsConnectionBody, listAmsSyncRequestsQuery } from './ams-sync/ams-sync-schemas';
import { amsConnectionView } from './ams-sync/ams-sync-view';
import { accountApi } from './accounts/accounts.routes';
import { contactApi } from './contacts/contacts.routes';
import { attachmentApi } from './contacts/attachments.routes';
import { settingsApi } from './settings/settings.routes';
import { individualSearchApi } from './individual-search/individual-search.routes';
import { savedSearchApi } from './saved-searches/saved-searches.routes';
import { accessLogApi } from './protected-data-access/access-log.routes';

/** The declared routes the account service mounts, in the order it mounts them. */
export const accountApis = [accountApi, contactApi, attachmentApi, settingsApi, individualSearchApi, savedSearchApi, accessLogApi];

const accountId = ['accountId'];
const contactId = ['contactId'];
const businessId = ['businessId'];
const provisioning = 'Business still provisioning (business-provisioning): try again once it is active';
const groupId = ['groupId'];
const manage = 'security-groups:manage';
const amsQueued =
  'Answers 202 with the request id, where to follow it (`statusUrl`), and the account’s sync workflow (`ams-sync/<tenant>/<account>`) with its Temporal UI link. ' +
  'Requests for one account run one at a time in arrival order (AMS-6); a secondary is synced only after its primary (AMS-3: `Primary Contact not synced` otherwise); ' +
  'transient AMS failures are retried within a bounded time, validation errors stop the contact with the AMS’s own message (AMS-4).';
const amsNotConnected = 'No AMS connected (ams-not-connected)';
const lastManageGroup = 'The tenant’s last group holding security-groups:manage (last-manage-group): give it to another group first';

/** A member route: its `subject` is a token's `sub` (any printable text up to 200 characters), not a uuid. */
const memberOperation = (spec: Parameters<typeof operation>[0]) => {
  const op = operation({ ...spec, pathParams: ['groupId', 'subject'] });
  const parameters = (op.parameters as Array<{ name: string; schema: unknown; description?: string }>).map((p) =>
    p.name === 'subject' ? { ...p, schema: { type: 'string', minLength: 1, maxLength: MAX_SUBJECT_LENGTH }, description: 'The user as tokens name it (`sub`), URL-encoded' } : p,
  );
  return { ...op, parameters };
};

export const accountOpenApi = (): OpenApiDocument => {
  const declared = openApiDocument(
    {
      info: {
        title: 'Account service',
        version: '0.2.0',
        description:
          'Accounts and contacts of a CRM tenant (rules ACC-1..ACC-9 of DOMAIN.md). Every route is scoped to the tenant of the ' +
          'caller’s token; another tenant’s records answer 404. Protected fields (ssn, dateOfBirth, mbi, driversLicenseNumber) are ' +
          'encrypted at rest and masked unless the caller has `protected-data:view`.',
      },
    },
    accountApis,
  );
  // The routes not declared yet keep their hand-written operations until they are.
  return { ...declared, paths: { ...declared.paths, ...legacyPaths() } };
};

const legacyPaths = (): Record<string, unknown> => ({
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
});

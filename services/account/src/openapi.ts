import { openApiDocument, type OpenApiDocument } from '@agencyflow/http';
import { accountApi } from './accounts/accounts.routes';
import { agentCrmApi } from './agent-crm/agent-crm.routes';
import { amsSyncApi } from './ams-sync/ams-sync.routes';
import { attachmentApi } from './contacts/attachments.routes';
import { contactApi } from './contacts/contacts.routes';
import { individualSearchApi } from './individual-search/individual-search.routes';
import { individualTransferApi } from './individual-transfer/individual-transfer.routes';
import { accessLogApi } from './protected-data-access/access-log.routes';
import { savedSearchApi } from './saved-searches/saved-searches.routes';
import { securityGroupApi } from './security-groups/security-groups.routes';
import { settingsApi } from './settings/settings.routes';

/** The routes the account service mounts, in the order it mounts them; its document lists the same. */
export const accountApis = [
  accountApi,
  contactApi,
  attachmentApi,
  settingsApi,
  agentCrmApi,
  securityGroupApi,
  individualSearchApi,
  savedSearchApi,
  accessLogApi,
  individualTransferApi,
  amsSyncApi,
];

export const accountOpenApi = (): OpenApiDocument =>
  openApiDocument(
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

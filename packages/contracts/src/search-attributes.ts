/**
 * Custom search attributes, registered by infra/temporal.sh (infra/temporal-search-attributes.txt).
 * Never put protected data in them: they are stored unencrypted.
 */
export const searchAttributeNames = {
  tenantId: 'TenantId',
  businessId: 'BusinessId',
  accountId: 'AccountId',
  runKind: 'RunKind',
} as const;

/**
 * Ids of records that exist, by kind. Generated requests hold a PoolRef (a kind and an index)
 * instead of an id, resolved only when the request is sent: the generated values stay the same
 * for a seed whatever ids the server drew, so a printed seed reproduces the same requests.
 */
export const poolNames = ['accounts', 'contacts', 'files', 'businesses', 'servicingAgents', 'policies', 'imports', 'probes', 'securityGroups', 'subjects'] as const;
export type PoolName = (typeof poolNames)[number];
export type Pools = Record<PoolName, string[]>;

export class PoolRef {
  constructor(
    readonly pool: PoolName,
    readonly pick: number,
  ) {}
}

/** Which pool a path parameter, query parameter or body field of this name draws from. */
export const poolOfName: Record<string, PoolName> = {
  accountId: 'accounts',
  contactId: 'contacts',
  policyholderContactId: 'contacts',
  newPrimaryContactId: 'contacts',
  fileId: 'files',
  businessId: 'businesses',
  servicingAgentId: 'servicingAgents',
  policyId: 'policies',
  after: 'policies',
  through: 'policies',
  importId: 'imports',
  probeId: 'probes',
  groupId: 'securityGroups',
  subject: 'subjects',
};

export const emptyPools = (): Pools => Object.fromEntries(poolNames.map((name) => [name, []])) as unknown as Pools;

/** An id for a ref into an empty pool: well-formed, and (almost surely) nobody's. */
const absentId = (pick: number) => `00000000-0000-4000-8000-${pick.toString(16).padStart(12, '0').slice(-12)}`;

/** The value with every PoolRef replaced by a current id of its pool (without pools: by a label, for reports). */
export function resolveRefs(value: unknown, pools?: Pools): unknown {
  if (value instanceof PoolRef) {
    if (!pools) return `<${value.pool}#${value.pick}>`;
    const ids = pools[value.pool];
    return ids.length > 0 ? ids[value.pick % ids.length] : absentId(value.pick);
  }
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item, pools));
  // Plain objects only (fast-check also makes null-prototype ones): a Raw URL component or a Buffer stays what it is.
  const prototype = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (prototype === Object.prototype || prototype === null) {
    return Object.fromEntries(Object.entries(value as object).map(([key, item]) => [key, resolveRefs(item, pools)]));
  }
  return value;
}

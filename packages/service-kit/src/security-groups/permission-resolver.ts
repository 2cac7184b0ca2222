import { resolvePrincipal, type Identity, type Principal, type PrincipalResolver, type TenantGroup } from '@agencyflow/http';

/** Where a service finds a tenant's security groups: its own tables (the account service) or its read model. */
export interface GroupSource {
  /**
   * The tenant's groups that concern this caller: those the subject is a member of and those
   * `names` name (compared without case). Undefined when the tenant has no groups defined yet:
   * the caller is then resolved against the default groups.
   */
  groupsFor(tenantId: string, subject: string, names: readonly string[]): Promise<TenantGroup[] | undefined>;
}

export interface PermissionResolverOptions {
  /** How long a resolved principal is reused (default 30 s); a change to the tenant's groups ends it sooner. */
  ttlMs?: number;
  /** Most principals kept (default 10,000); the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  tenantId: string;
  principal: Principal;
  expiresAt: number;
}

/**
 * Resolves each caller's permissions on the server (X-3, decision 0024): from the tenant's groups
 * the subject belongs to and those its credentials name, never from a token's own list (service
 * credentials aside). Answers are kept briefly in memory; `invalidateTenant` drops a tenant's as
 * soon as a change to its groups is committed here, and an answer read while such a change was
 * being applied is not kept.
 */
export class PermissionResolver {
  private readonly cache = new Map<string, Entry>();
  /** Bumped on every invalidation of a tenant: an answer computed across a bump is stale. */
  private readonly generations = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly source: GroupSource,
    options: PermissionResolverOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  readonly resolve: PrincipalResolver = async (identity) => {
    const key = cacheKey(identity);
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.principal;
    const generation = this.generations.get(identity.tenantId) ?? 0;
    const groups = await this.source.groupsFor(identity.tenantId, identity.subject, identity.groups);
    const principal = resolvePrincipal(identity, groups);
    if ((this.generations.get(identity.tenantId) ?? 0) === generation && this.ttlMs > 0) this.remember(key, identity.tenantId, principal);
    return principal;
  };

  /** Forgets every answer for the tenant: call once a change to its groups is committed. */
  invalidateTenant(tenantId: string): void {
    this.generations.set(tenantId, (this.generations.get(tenantId) ?? 0) + 1);
    for (const [key, entry] of this.cache) if (entry.tenantId === tenantId) this.cache.delete(key);
  }

  private remember(key: string, tenantId: string, principal: Principal): void {
    this.cache.delete(key);
    while (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { tenantId, principal, expiresAt: this.now() + this.ttlMs });
  }
}

const cacheKey = (identity: Identity): string =>
  JSON.stringify([identity.tenantId, identity.subject, identity.kind, [...identity.groups].sort(), [...identity.permissions].sort()]);

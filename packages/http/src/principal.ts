import type { Permission } from '@agencyflow/contracts';

/**
 * Who a request's credentials say the caller is, before any permission is resolved.
 * `kind: 'service'` for service credentials (an API key, or a platform-signed token marked
 * `svc: true`): only they carry `permissions` of their own; a user's come from security groups.
 */
export interface Identity {
  subject: string;
  tenantId: string;
  kind: 'user' | 'service';
  /** Group names the credentials claim (an identity provider's groups), resolved by name in the tenant. */
  groups: readonly string[];
  /** Permissions granted directly: service credentials only, empty for users. */
  permissions: readonly Permission[];
}

/** A security group a principal's permissions came from, and how it got there. */
export interface ResolvedGroup {
  /** The group's id in the tenant (null for a platform group, which no tenant owns). */
  id: string | null;
  name: string;
  /** `membership`: the tenant assigned the subject; `token`: named in the credentials' groups; `platform`: a platform group named there. */
  via: 'membership' | 'token' | 'platform';
}

/** Who is calling, for which tenant, with which permissions, as the server resolved them. */
export interface Principal {
  subject: string;
  tenantId: string;
  permissions: ReadonlySet<Permission>;
  kind?: Identity['kind'];
  /** The groups the permissions came from (absent where a principal is built by hand). */
  groups?: readonly ResolvedGroup[];
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    requestId?: string;
  }
}

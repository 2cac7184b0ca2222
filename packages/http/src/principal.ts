import type { Permission } from '@agencyflow/contracts';

/** Who is calling, for which tenant, with which permissions. */
export interface Principal {
  subject: string;
  tenantId: string;
  permissions: ReadonlySet<Permission>;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    requestId?: string;
  }
}

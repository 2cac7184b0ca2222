import type { Request } from 'express';
import { buildEvent, protectedDataAccessedV1 } from '@agencyflow/contracts';
import { inTenant, writeOutbox, type Database } from '@agencyflow/db';
import { accessesOf, principalOf } from '@agencyflow/http';
import type { PolicyWithMembers } from './policy-queries';
import type { MemberRow } from '../db/policy-store';

/**
 * Records, before the answer goes out, which members' protected fields it shows unmasked (X-4,
 * decision 0026): an event the account service adds to the tenant's access log. Committed
 * before the answer, so the outbox delivers it even if this process dies right after; if it
 * cannot be written the request fails: no unrecorded disclosure.
 */
/** The protected fields an unmasked answer shows of a member: those it holds. */
const fieldsShown = (member: MemberRow): string[] =>
  [member.dateOfBirthEnc !== null && 'dateOfBirth', member.mbiEnc !== null && 'mbi'].filter((f): f is string => Boolean(f));

export async function recordMemberViews(database: Database, req: Request, policies: readonly PolicyWithMembers[], mayViewProtected: boolean): Promise<void> {
  if (!mayViewProtected) return;
  const entries = policies.flatMap(({ members }) =>
    members.map((member) => ({ recordType: 'policy-member' as const, recordId: member.id, fields: fieldsShown(member), recordCount: 1 })),
  );
  const accesses = accessesOf(req, 'policy', 'view', entries);
  if (accesses.length === 0) return;
  const { tenantId } = principalOf(req);
  const events = accesses.map((data) => buildEvent(protectedDataAccessedV1, { tenantId, aggregateId: data.accessId, data }));
  await inTenant(database, tenantId, (tx) => writeOutbox(tx, events));
}

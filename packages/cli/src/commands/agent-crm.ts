import { randomUUID } from 'node:crypto';
import { CliError, type ApiClient } from '../client';
import { table, type Output } from '../progress';
import { followJob } from './jobs';

/** `agencyflow agent-crm preview --npn N...`: what a policy sync of these NPNs would copy (PS-9). */
export async function preview(api: ApiClient, out: Output, npns: string[]): Promise<number> {
  if (npns.length === 0) throw new CliError('Give at least one --npn', 2);
  const counts = await api.json<{ policies: number; members: number; membersWithoutEmail: number; contacts?: number; perNpn: Array<{ npn: string; policies: number; members: number }> }>(
    'policy',
    'POST',
    '/agent-crm/preview',
    { body: { npns } },
  );
  out.line(
    table([
      ['policies', counts.policies],
      ['members', counts.members],
      ['members without email', counts.membersWithoutEmail],
      ...counts.perNpn.map((p): [string, string] => [`NPN ${p.npn}`, `${p.policies} policies, ${p.members} members`]),
    ]),
  );
  return 0;
}

/**
 * `agencyflow agent-crm provision --name N --kind agent|agency --user "Name,email,npn"... [--policy-sync]`:
 * provisions the business (PS-3) and follows it until it is active and its first sync done.
 */
export async function provision(
  api: ApiClient,
  out: Output,
  options: { name?: string; kind?: string; users: string[]; policySync: boolean; follow: boolean },
): Promise<number> {
  if (!options.name || (options.kind !== 'agent' && options.kind !== 'agency') || options.users.length === 0) {
    throw new CliError('Give --name, --kind agent|agency and at least one --user "Name,email,npn"', 2);
  }
  const users = options.users.map((u) => {
    const [name, email, npn] = u.split(',').map((part) => part.trim());
    if (!name || !email || !npn) throw new CliError(`--user "${u}": expected "Name,email,npn"`, 2);
    return { name, email, npn };
  });
  // One key for this invocation: a retried request never provisions twice.
  const started = await api.json<{ businessId: string; workflowId: string; temporalUiUrl: string }>('account', 'POST', '/agent-crm/businesses', {
    body: { name: options.name, kind: options.kind, users, policySyncEnabled: options.policySync },
    idempotencyKey: randomUUID(),
  });
  out.line(`provisioning business ${started.businessId} (workflow ${started.workflowId})`);
  out.line(`Temporal UI: ${started.temporalUiUrl}`);
  if (options.follow) await followJob(api, out, 'business', started.businessId);
  return 0;
}

/** `agencyflow agent-crm resync <businessId>`: a re-sync (PS-6), followed until the business has no sync running. */
export async function resync(api: ApiClient, out: Output, businessId: string | undefined, follow: boolean): Promise<number> {
  if (!businessId) throw new CliError('Give the business id', 2);
  const started = await api.json<{ workflowId: string }>('account', 'POST', `/agent-crm/businesses/${businessId}/resync`, { idempotencyKey: randomUUID() });
  out.line(`re-sync started (workflow ${started.workflowId})`);
  if (follow) await followJob(api, out, 'business', businessId);
  return 0;
}

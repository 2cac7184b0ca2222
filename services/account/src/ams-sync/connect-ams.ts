import type { AmsKind, Outcome } from '@agencyflow/contracts';
import { inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { deleteAmsConnection, findAmsConnection, saveAmsConnection, type AmsConnectionRow } from '../db/ams-store';
import { AmsCallError } from './adapters';
import { adapterOf } from './ams-client';
import { deleteInboundSchedule, ensureInboundSchedule } from './ams-inbound-schedule';

/** What an admin connects: the credentials in the clear, only until they are encrypted here. */
export interface AmsConnectionInput {
  kind: AmsKind;
  baseUrl: string;
  credentials: string;
  pollIntervalSeconds: number;
  rateLimitPerSecond: number;
}

type Deps = Pick<ServiceDeps, 'database' | 'fieldCipher' | 'config' | 'temporal' | 'taskQueues'>;

/**
 * AMS-1: connects the tenant's one AMS (a second connect replaces it), the credentials encrypted
 * before they reach the database, then makes sure its inbound Schedule exists (AMS-7). The
 * Schedule is upserted after the commit: if Temporal is away the answer is a 5xx and the admin
 * connects again, which is idempotent.
 */
export async function connectAms(deps: Deps, command: { tenantId: string; actor: string; body: AmsConnectionInput }): Promise<Outcome<'connected', { connection: AmsConnectionRow }>> {
  const { tenantId, body } = command;
  const connection = await inTenant(deps.database, tenantId, (tx) =>
    saveAmsConnection(tx, {
      tenantId,
      kind: body.kind,
      baseUrl: body.baseUrl,
      credentials: deps.fieldCipher.encrypt(body.credentials),
      pollIntervalSeconds: body.pollIntervalSeconds,
      rateLimitPerSecond: body.rateLimitPerSecond,
      connectedBy: command.actor,
    }),
  );
  await ensureInboundSchedule(deps.temporal.client, deps.taskQueues, tenantId, body.pollIntervalSeconds);
  return { outcome: 'connected', connection };
}

/** Disconnects: the connection (and its credentials) deleted, the inbound Schedule too. Links stay, so a reconnect to the same AMS finds its records. */
export async function disconnectAms(deps: Deps, tenantId: string): Promise<Outcome<'disconnected'> | Outcome<'not-found'>> {
  const deleted = await inTenant(deps.database, tenantId, (tx) => deleteAmsConnection(tx, tenantId));
  await deleteInboundSchedule(deps.temporal.client, tenantId);
  return deleted ? { outcome: 'disconnected' } : { outcome: 'not-found' };
}

/** The "test connection" action: one cheap read with the stored credentials; the AMS's refusal is the answer. */
export async function testAmsConnection(deps: Deps, tenantId: string): Promise<Outcome<'not-found'> | Outcome<'tested', { ok: boolean; message: string }>> {
  const connection = await inTenant(deps.database, tenantId, (tx) => findAmsConnection(tx, tenantId));
  if (!connection) return { outcome: 'not-found' };
  try {
    await adapterOf(deps, connection).testConnection();
    return { outcome: 'tested', ok: true, message: `Connected to ${connection.kind}.` };
  } catch (error) {
    if (error instanceof AmsCallError) return { outcome: 'tested', ok: false, message: error.message };
    throw error;
  }
}

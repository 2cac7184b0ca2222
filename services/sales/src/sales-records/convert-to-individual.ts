import {
  individualMergePath,
  individualMergeResult,
  mergeableIndividualFields,
  type IndividualMerge,
  type MergeableIndividualField,
} from '@agencyflow/contracts';
import { forTenants, type Database } from '@agencyflow/db';
import { markConverted, type SalesRecordRow } from '../db/sales-record-store';
import { postToAccountService, type AccountServicePeer } from '../http/account-service-call';
import { lockRecord } from './sales-record-queries';

export type ConvertOutcome =
  | { outcome: 'converted'; record: SalesRecordRow; mergedFields: MergeableIndividualField[] }
  | { outcome: 'not-found' }
  | { outcome: 'already-converted'; record: SalesRecordRow }
  | { outcome: 'not-linked' }
  | { outcome: 'individual-gone' };

/** What the account service gets of the record: every mergeable value (protected ones as the ciphertext stored) and which fields users edited. */
function mergeRequest(record: SalesRecordRow, actor: string): IndividualMerge {
  const edited = new Set(record.editedFields);
  return {
    individualId: record.individualId!,
    salesRecordId: record.id,
    mergedBy: actor,
    values: Object.fromEntries(mergeableIndividualFields.map((field) => [field, record[field] ?? null])),
    editedFields: mergeableIndividualFields.filter((field) => edited.has(field)),
  };
}

/**
 * SR-7 Convert to Individual: with the record's row locked (a second convert waits, then finds it
 * converted), the account service merges its values into its individual (decision 0030), then the
 * record is marked converted with its event, in that transaction. A failure of the account
 * service rolls nothing forward: the record stays unconverted and the convert can be repeated
 * (the merge gives the same individual again). The individual is never deleted.
 */
export function convertToIndividual(database: Database, peer: AccountServicePeer, tenantId: string, salesRecordId: string, actor: string): Promise<ConvertOutcome> {
  return forTenants(database, tenantId).db.transaction(async (tx): Promise<ConvertOutcome> => {
    const record = await lockRecord(tx, tenantId, salesRecordId);
    if (!record) return { outcome: 'not-found' };
    if (record.convertedAt) return { outcome: 'already-converted', record };
    if (!record.individualId) return { outcome: 'not-linked' };
    const response = await postToAccountService(peer, { tenantId, permission: 'individuals:merge', path: individualMergePath, body: mergeRequest(record, actor) });
    if (response.status === 404) return { outcome: 'individual-gone' };
    if (!response.ok) throw new Error(`the account service answered ${response.status} to a merge`);
    const { merged } = individualMergeResult.parse(await response.json());
    const converted = await markConverted(tx, record, { individualId: record.individualId, mergedFields: merged }, actor);
    return { outcome: 'converted', record: converted!, mergedFields: merged };
  });
}

import { text } from 'node:stream/consumers';
import { salesRecordSourceColumns } from '@agencyflow/contracts';
import { parseCopyLine } from '@agencyflow/db';
import type { IndividualSource } from './account-individuals';

const column = (name: string) => salesRecordSourceColumns.findIndex(([c]) => c === name);
const [idAt, firstAt, lastAt] = [column('individual_id'), column('first_name'), column('last_name')];

/**
 * SR-6: the names of individuals whose page is not decided yet (they have no sales record to name
 * them), from the account service, which has them: one call for up to 5,000 ids.
 */
export async function namesFromAccount(individuals: IndividualSource, tenantId: string, ids: string[]): Promise<Map<string, { firstName: string | null; lastName: string | null }>> {
  const names = new Map<string, { firstName: string | null; lastName: string | null }>();
  if (ids.length === 0) return names;
  for (const line of (await text(await individuals.sources(tenantId, ids))).split('\n')) {
    if (line === '') continue;
    const cells = parseCopyLine(line);
    names.set(cells[idAt]!, { firstName: cells[firstAt] ?? null, lastName: cells[lastAt] ?? null });
  }
  return names;
}

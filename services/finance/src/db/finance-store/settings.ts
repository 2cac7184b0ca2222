import { eq, sql } from 'drizzle-orm';
import { buildEvent, financeSettingsChangedV1 } from '@agencyflow/contracts';
import { writeOutbox, type Executor } from '@agencyflow/db';
import { financeSettings } from '../schema';

export interface FinanceSettings {
  addressReviewRequired: boolean;
  reviewReminderAfterDays: number;
  reviewExpireAfterDays: number;
}

/** A tenant without a settings row has these (decision 0032): no review, remind after 3 days, expire after 14. */
export const defaultFinanceSettings: FinanceSettings = { addressReviewRequired: false, reviewReminderAfterDays: 3, reviewExpireAfterDays: 14 };

/** The tenant's settings; `lock` holds them for the caller's transaction (a change request reads them once). */
export async function readFinanceSettings(tx: Executor, tenantId: string, lock = false): Promise<FinanceSettings & { updatedBy: string | null; updatedAt: Date | null }> {
  const query = tx.select().from(financeSettings).where(eq(financeSettings.tenantId, tenantId));
  const [row] = lock ? await query.for('share') : await query;
  if (!row) return { ...defaultFinanceSettings, updatedBy: null, updatedAt: null };
  const { addressReviewRequired, reviewReminderAfterDays, reviewExpireAfterDays, updatedBy, updatedAt } = row;
  return { addressReviewRequired, reviewReminderAfterDays, reviewExpireAfterDays, updatedBy, updatedAt };
}

/** The tenant's new settings; settings-changed. Requests already pending keep the times they were given. */
export async function writeFinanceSettings(tx: Executor, tenantId: string, settings: FinanceSettings, actor: string): Promise<void> {
  await tx
    .insert(financeSettings)
    .values({ tenantId, ...settings, updatedBy: actor })
    .onConflictDoUpdate({ target: financeSettings.tenantId, set: { ...settings, updatedBy: actor, updatedAt: sql`now()` } });
  await writeOutbox(tx, [buildEvent(financeSettingsChangedV1, { tenantId, aggregateId: tenantId, data: { ...settings, changedBy: actor } })]);
}

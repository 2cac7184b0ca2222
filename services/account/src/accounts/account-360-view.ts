import { z } from 'zod';
import { amsContactSyncView } from '../ams-sync/ams-sync-view';
import { contactView } from '../contacts/contact-view';
import { historyEntryView } from '../history/history-view';
import { policySummaryView } from '../policy-summaries/policy-summary-view';
import { accountView } from './account-view';

/** ACC-9 Account 360: the account, its contacts (primary first, each with its AMS sync state), policies and history. */
export const account360View = z.strictObject({
  account: accountView,
  contacts: z.array(contactView.extend({ amsSync: amsContactSyncView })),
  policies: z.array(policySummaryView),
  history: z.array(historyEntryView),
});

import { z } from 'zod';
import { accountView } from '../accounts/account-view';
import { amsContactSyncView } from '../ams-sync/ams-sync-view';
import { historyEntryView } from '../history/history-view';
import { policySummaryView } from '../policy-summaries/policy-summary-view';
import { contactFileSummaryView, dealCardView } from './attachment-view';
import { contactView } from './contact-view';

/** ACC-9 Contact 360: the contact, its account, policies (held or a member of), deal cards, files, history and AMS sync state. */
export const contact360View = z.strictObject({
  contact: contactView,
  account: accountView,
  policies: z.array(policySummaryView),
  dealCards: z.array(dealCardView),
  files: z.array(contactFileSummaryView),
  history: z.array(historyEntryView),
  amsSync: amsContactSyncView,
});

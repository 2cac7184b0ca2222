import { runService } from '@agencyflow/service-kit';
import { accountService } from './service';

runService(accountService).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

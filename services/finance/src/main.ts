import { runService } from '@agencyflow/service-kit';
import { financeService } from './service';

runService(financeService).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

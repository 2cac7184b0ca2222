import { runService } from '@agencyflow/service-kit';
import { salesService } from './service';

runService(salesService).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

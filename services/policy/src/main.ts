import { runService } from '@agencyflow/service-kit';
import { policyService } from './service';

runService(policyService).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

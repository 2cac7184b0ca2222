import { laterInTheRun, syncUnderFaults, type ChaosResult } from './agent-crm-sync';
import { sharedEndpoints } from './system';

/**
 * An Agent CRM sync with the workflow worker kill -9'ed `kills` times at random pages and
 * started again each time (X-6, PS-4..PS-6). Runs on the shared test servers: only the worker
 * process is broken.
 */
export function syncUnderWorkerKills({ policies, pageSize, kills, log }: { policies: number; pageSize: number; kills: number; log?: (line: string) => void }): Promise<ChaosResult> {
  return syncUnderFaults({
    scenario: 'sync-worker-kill',
    policies,
    pageSize,
    endpoints: sharedEndpoints(),
    log,
    inject: async (system, syncing) => {
      const faults: string[] = [];
      for (let i = 0; i < kills && (await laterInTheRun(syncing)); i++) {
        await system.worker.kill();
        faults.push(`killed the workflow worker (kill -9) #${i + 1}, started it again`);
        await system.worker.start();
      }
      return faults;
    },
  });
}

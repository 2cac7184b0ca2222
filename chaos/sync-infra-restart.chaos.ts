import { laterInTheRun, syncUnderFaults, type ChaosResult } from './agent-crm-sync';
import { PrivatePostgres } from './private-infra/postgres';
import { PrivateTemporal } from './private-infra/temporal';
import { sharedEndpoints } from './system';

/**
 * An Agent CRM sync with PostgreSQL stopped in immediate mode (every backend killed, crash
 * recovery on start) once, and the Temporal server kill -9'ed once, both while pages are copied
 * and applied (X-6, PS-4..PS-6). Both servers are the scenario's own, so other test files on the
 * shared servers are not disturbed; Kafka is the shared broker.
 */
export async function syncUnderInfraRestarts({ policies, pageSize, log }: { policies: number; pageSize: number; log?: (line: string) => void }): Promise<ChaosResult> {
  const [database, temporal] = await Promise.all([PrivatePostgres.start(), PrivateTemporal.start()]);
  try {
    return await syncUnderFaults({
      scenario: 'sync-infra-restart',
      policies,
      pageSize,
      endpoints: { ...sharedEndpoints(), adminDatabaseUrl: database.adminUrl, temporalAddress: temporal.address },
      log,
      inject: async (_system, syncing) => {
        const faults: string[] = [];
        if (await laterInTheRun(syncing)) {
          await database.restartImmediately();
          faults.push('restarted PostgreSQL (pg_ctl stop -m immediate, then start)');
        }
        if (await laterInTheRun(syncing)) {
          await temporal.restart();
          faults.push('restarted the Temporal server (kill -9, then start on the same database)');
        }
        return faults;
      },
    });
  } finally {
    await Promise.all([database.stop(), temporal.stop()]);
  }
}

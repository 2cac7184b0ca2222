import type { ServiceName, ServiceProbeActivities } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';

/** The probe every service hosts on its own task queue: it reaches the service's own database. */
export function createServiceProbeActivities(service: ServiceName, database: Database): ServiceProbeActivities {
  return {
    async probeService(input) {
      const [row] = await database.sql<{ ok: number }[]>`select 1 as ok`;
      return { service, databaseOk: row?.ok === 1, echoedNote: input.note, checkedAt: new Date().toISOString() };
    },
  };
}

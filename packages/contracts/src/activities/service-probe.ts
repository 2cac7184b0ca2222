import type { ServiceProbeResult, SystemProbeInput } from '../workflows/system-probe';

/** Implemented by every service on its own task queue. */
export interface ServiceProbeActivities {
  probeService(input: SystemProbeInput): Promise<ServiceProbeResult>;
}

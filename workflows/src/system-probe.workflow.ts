import { defineQuery, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  serviceNames,
  systemProbeProgressQuery,
  taskQueuesOfWorkflowQueue,
  type ServiceName,
  type ServiceProbeActivities,
  type ServiceProbeResult,
  type SystemProbeInput,
  type SystemProbeProgress,
  type SystemProbeResult,
} from '@agencyflow/contracts/workflow';

export const systemProbeProgress = defineQuery<SystemProbeProgress>(systemProbeProgressQuery);

/**
 * Reaches every service's activity worker on its own task queue (each touches its own
 * database) and reports what answered. Progress is a query, visible in the Temporal UI.
 */
export async function systemProbe(input: SystemProbeInput): Promise<SystemProbeResult> {
  const queues = taskQueuesOfWorkflowQueue(workflowInfo().taskQueue);
  const checked: ServiceName[] = [];
  setHandler(systemProbeProgress, () => ({
    checked: [...checked],
    pending: serviceNames.filter((name) => !checked.includes(name)),
  }));

  const probeOne = async (service: ServiceName): Promise<ServiceProbeResult> => {
    const { probeService } = proxyActivities<ServiceProbeActivities>({
      taskQueue: queues[service],
      startToCloseTimeout: '10 seconds',
      scheduleToCloseTimeout: '2 minutes',
      retry: { initialInterval: '1 second', maximumInterval: '10 seconds', backoffCoefficient: 2 },
    });
    const result = await probeService(input);
    checked.push(service);
    return result;
  };

  const services = await Promise.all(serviceNames.map(probeOne));
  return { probeId: input.probeId, services };
}

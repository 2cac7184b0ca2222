export { metricsRoute, processRegistry, serviceMetrics } from './service-metrics';
export type { JobMetrics } from './job-metrics';

export { metricsRoute, processRegistry, serviceMetrics } from './service-metrics';

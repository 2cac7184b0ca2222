import { Router } from 'express';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { deadLetterTopicName, topicName, type TopicBase } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { consumerGroupLag, messagesOnTopic, type BrokerProbe } from '@agencyflow/kafka';
import type { Logger } from '@agencyflow/logger';
import { httpMetrics } from './http-metrics';
import { jobMetrics } from './job-metrics';

export interface ServiceMetricsOptions {
  service: string;
  database: Database;
  brokers: BrokerProbe;
  topicPrefix: string;
  /** The service's consumer groups and the topics each reads. */
  consumers: Array<{ groupId: string; topics: TopicBase[] }>;
  /** Where the Temporal SDK serves its own Prometheus metrics (TEMPORAL_METRICS_ADDRESS), appended to ours. */
  temporalMetricsAddress?: string;
  logger: Logger;
}

/**
 * `/metrics` in Prometheus text format (issue 13): HTTP by route, the outbox backlog and its oldest
 * pending age, consumer lag per group, dead letters per topic, the process's own metrics, and the
 * Temporal SDK's. Gauges read PostgreSQL and Kafka at scrape time
 * over the service's pool and its one kept admin connection; a part that cannot be read is left
 * out of that scrape (and logged), never failing the others.
 */
export function serviceMetrics(options: ServiceMetricsOptions) {
  const registry = processRegistry(options.service);
  const guard = async (part: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      options.logger.warn({ part, reason: (error as Error).message }, 'metrics: part not collected');
    }
  };

  new Gauge({
    name: 'outbox_pending_events',
    help: 'Events written to the outbox and not yet published (parked ones apart)',
    registers: [registry],
    async collect() {
      await guard('outbox', async () => {
        const [row] = await options.database.sql<{ pending: number; oldest: number | null; parked: number }[]>`
          select count(*) filter (where published_at is null and parked_at is null)::int as pending,
                 extract(epoch from now() - min(created_at) filter (where published_at is null and parked_at is null))::float8 as oldest,
                 count(*) filter (where parked_at is not null)::int as parked
          from outbox`;
        this.set(row!.pending);
        oldestPending.set(row!.oldest ?? 0);
        parked.set(row!.parked);
      });
    },
  });
  const oldestPending = new Gauge({ name: 'outbox_oldest_pending_age_seconds', help: 'Age of the oldest unpublished outbox event (0: none)', registers: [registry] });
  const parked = new Gauge({ name: 'outbox_parked_events', help: 'Outbox events Kafka refused for good, parked for an operator', registers: [registry] });

  new Gauge({
    name: 'kafka_consumer_group_lag',
    help: 'Messages not yet committed by the consumer group, over its topics',
    labelNames: ['group'] as const,
    registers: [registry],
    async collect() {
      await guard('consumer lag', () =>
        options.brokers.withAdmin(async (admin) => {
          for (const { groupId, topics: read } of options.consumers) {
            this.set({ group: groupId }, await consumerGroupLag(admin, groupId, read.map((t) => topicName(options.topicPrefix, t))));
          }
        }),
      );
    },
  });
  new Gauge({
    name: 'kafka_dead_letters',
    help: 'Messages kept on the dead-letter topic of each topic the service reads',
    labelNames: ['topic'] as const,
    registers: [registry],
    async collect() {
      await guard('dead letters', () =>
        options.brokers.withAdmin(async (admin) => {
          const topics = new Set(options.consumers.flatMap((c) => c.topics));
          for (const topic of topics) this.set({ topic }, await messagesOnTopic(admin, deadLetterTopicName(options.topicPrefix, topic)));
        }),
      );
    },
  });
  return { registry, http: httpMetrics(registry), jobs: jobMetrics(registry), routes: metricsRoute(registry, options.temporalMetricsAddress) };
}

/** A registry with the process's own metrics (CPU, memory, event loop lag, GC), labelled with the deployable. */
export function processRegistry(deployable: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: deployable });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** GET /metrics: the registry's metrics, then the Temporal SDK's when it serves them (TEMPORAL_METRICS_ADDRESS). */
export function metricsRoute(registry: Registry, temporalMetricsAddress?: string): Router {
  const routes = Router();
  routes.get('/metrics', async (_req, res) => {
    let text = await registry.metrics();
    if (temporalMetricsAddress) {
      text += await fetch(`http://${temporalMetricsAddress}/metrics`, { signal: AbortSignal.timeout(2000) })
        .then((r) => (r.ok ? r.text() : ''))
        .catch(() => '');
    }
    res.type(registry.contentType).send(text);
  });
  return routes;
}

import type { Server } from 'node:http';
import type { Express, Router } from 'express';
import type { Kafka } from 'kafkajs';
import { taskQueues, type ServiceName, type TaskQueues, type TopicBase } from '@agencyflow/contracts';
import { bypassesRowSecurity, createDatabase, createIdempotencyStore, type Database } from '@agencyflow/db';
import {
  authenticate,
  authOptions,
  createBaseApp,
  finishApp,
  healthRoutes,
  type ReadinessCheck,
  openApiRoutes,
  serviceAudience,
  type IdempotencyStore,
  type OpenApiDocument,
} from '@agencyflow/http';
import type { EventEnvelope } from '@agencyflow/contracts';
import { BrokerProbe, createKafka, EventConsumer, InboxTrimmer, kafkaSecurity, OutboxRelay, type EventHandlers } from '@agencyflow/kafka';
import { createLogger, type Logger } from '@agencyflow/logger';
import {
  connectWorker,
  createActivityWorker,
  createTemporalClient,
  EncryptionCodec,
  installTemporalRuntime,
  parsePayloadKeys,
  temporalConnectionOptions,
  type TemporalClient,
} from '@agencyflow/temporal';
import type { Worker } from '@temporalio/worker';
import { FieldCipher, parseKeyRing } from '@agencyflow/protected-data';
import type { ServiceConfig } from './service-config';
import { directoryGroupSource, securityGroupDirectoryConsumer } from './security-groups/group-directory';
import { PermissionResolver, type GroupSource } from './security-groups/permission-resolver';
import { serviceMetrics } from './metrics/service-metrics';
import type { JobMetrics } from './metrics/job-metrics';
import { checkDeploymentSteps } from './startup-check';

/** What every part of a service is built from. */
export interface ServiceDeps {
  config: ServiceConfig;
  logger: Logger;
  database: Database;
  /**
   * The pool for long bulk transactions (uploads): small, and its connections end a transaction
   * that idles on a stalled client. Requests, consumers and activities never wait on it.
   */
  bulkDatabase: Database;
  kafka: Kafka;
  temporal: TemporalClient;
  taskQueues: TaskQueues;
  idempotencyStore: IdempotencyStore;
  /** Encrypts protected fields at rest. */
  fieldCipher: FieldCipher;
  /** Resolves callers' permissions from their tenant's security groups (X-3), with a short cache. */
  permissions: PermissionResolver;
  /** Counts rows of long work by outcome for /metrics (job_rows_total). */
  jobs: JobMetrics;
}

export interface ConsumerSpec {
  /** Stable name: the consumer group and the inbox key. */
  name: string;
  topics: TopicBase[];
  handlers: EventHandlers;
  /** Called with the events of each committed transaction (e.g. to drop a cache they make stale). */
  afterCommit?: (events: EventEnvelope[]) => void;
}

/** A service is described by these pieces; the runtime wires and runs them. */
export interface ServiceDefinition {
  name: ServiceName;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  schema: Record<string, any>;
  openapi(): OpenApiDocument;
  /** Routes mounted behind authentication. */
  routes(deps: ServiceDeps): Router;
  consumers?(deps: ServiceDeps): ConsumerSpec[];
  /** Activities hosted on this service's task queue. */
  activities?(deps: ServiceDeps): object;
  /**
   * How many of them the worker runs at once unless ACTIVITY_SLOTS says otherwise (default 20).
   * A service whose activities mostly wait (for a rate-limit slot, a remote system) takes more.
   */
  activitySlots?: number;
  /** Non-JSON media types some routes stream themselves (see createBaseApp). */
  streamedMediaTypes?: string[];
  /**
   * Where the service reads its tenants' security groups when it owns them (the account service).
   * Without it the runtime keeps a read model of them from their events (`security_group_directory`
   * must be in the service's schema and migrations) and resolves against that (decision 0024).
   */
  securityGroups?(database: Database): GroupSource;
}

export interface ServiceRuntime {
  app: Express;
  deps: ServiceDeps;
  consumers: EventConsumer[];
  relay: OutboxRelay;
  /** Deletes old inbox rows; present when the service has consumers. */
  inboxTrimmer?: InboxTrimmer;
  start(): Promise<{ url: string }>;
  stop(): Promise<void>;
}

/** Builds the dependencies, the Express app and the background parts of one service. Nothing runs until start(). */
export async function createServiceRuntime(definition: ServiceDefinition, config: ServiceConfig): Promise<ServiceRuntime> {
  const logger = createLogger({ name: `${definition.name}-service`, level: config.LOG_LEVEL });
  const database = createDatabase({ url: config.DATABASE_URL, schema: definition.schema, max: config.DATABASE_POOL_MAX });
  const bulkDatabase = createDatabase({
    url: config.DATABASE_URL,
    schema: definition.schema,
    max: config.BULK_DATABASE_POOL_MAX,
    settings: { idle_in_transaction_session_timeout: String(config.BULK_IDLE_IN_TRANSACTION_TIMEOUT_MS) },
  });
  installTemporalRuntime(logger, 'WARN', config.TEMPORAL_METRICS_ADDRESS);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${definition.name}-service`, logger, ...kafkaSecurity(config) });
  const codec = new EncryptionCodec(parsePayloadKeys(config.PAYLOAD_KEYS, config.PAYLOAD_ACTIVE_KEY_ID));
  // The local dev server, or a real cluster over TLS / with an API key (the SDK's environment configuration).
  const temporalConnection = temporalConnectionOptions(config);
  const temporal = await createTemporalClient({ address: temporalConnection, namespace: config.TEMPORAL_NAMESPACE, codec });
  const permissions = new PermissionResolver(definition.securityGroups?.(database) ?? directoryGroupSource(database), {
    ttlMs: config.PERMISSION_CACHE_TTL_MS,
  });
  const brokers = new BrokerProbe(kafka);
  // Filled in once the consumers exist (below); read at scrape time.
  const consumerGroups: Array<{ groupId: string; topics: TopicBase[] }> = [];
  const metrics = serviceMetrics({
    service: definition.name,
    database,
    brokers,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    consumers: consumerGroups,
    temporalMetricsAddress: config.TEMPORAL_METRICS_ADDRESS || undefined,
    logger,
  });
  const deps: ServiceDeps = {
    config,
    logger,
    database,
    bulkDatabase,
    kafka,
    temporal,
    taskQueues: taskQueues(config.TASK_QUEUE_PREFIX),
    idempotencyStore: createIdempotencyStore(database),
    fieldCipher: new FieldCipher(
      parseKeyRing(config.FIELD_ENCRYPTION_KEYS, config.FIELD_ENCRYPTION_ACTIVE_KEY_ID, 'FIELD_ENCRYPTION_KEYS'),
      Buffer.from(config.FIELD_FINGERPRINT_KEY, 'base64'),
    ),
    permissions,
    jobs: metrics.jobs,
  };

  const appOptions = { logger, bodyLimit: config.JSON_BODY_LIMIT, streamedMediaTypes: definition.streamedMediaTypes };
  const app = createBaseApp(appOptions);
  // Filled in below: the consumers and the activity worker exist once the app does.
  const readiness: Record<string, ReadinessCheck> = {
    database: () => database.sql`select 1`.then(() => undefined),
    kafka: () => brokers.check(),
    temporal: () => temporal.check(),
  };
  app.use(healthRoutes(readiness));
  app.use(metrics.http, metrics.routes);
  app.use(openApiRoutes(definition.openapi()));
  app.use(authenticate({ ...authOptions(config, serviceAudience(definition.name)), resolvePrincipal: permissions.resolve }));
  app.use(definition.routes(deps));
  finishApp(app, appOptions);

  const relay = new OutboxRelay({
    kafka,
    sql: database.sql,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    logger,
    retentionMs: config.OUTBOX_RETENTION_MS,
  });
  const specs = [
    ...(definition.consumers?.(deps) ?? []),
    // A service that does not own the security groups follows them from their events.
    ...(definition.securityGroups ? [] : [securityGroupDirectoryConsumer(definition.name, (tenantId) => permissions.invalidateTenant(tenantId))]),
  ];
  const consumers = specs.map(
    (spec) =>
      new EventConsumer({
        kafka,
        groupId: `${config.KAFKA_TOPIC_PREFIX}${spec.name}`,
        topics: spec.topics,
        topicPrefix: config.KAFKA_TOPIC_PREFIX,
        database,
        handlers: spec.handlers,
        afterCommit: spec.afterCommit,
        logger: logger.child({ consumer: spec.name }),
      }),
  );
  consumerGroups.push(...specs.map((spec) => ({ groupId: `${config.KAFKA_TOPIC_PREFIX}${spec.name}`, topics: spec.topics })));
  readiness.consumers = async () => {
    const outside = consumers.flatMap((consumer, i) => (consumer.isInGroup() ? [] : [specs[i]!.name]));
    if (outside.length > 0) throw new Error(`not in their group: ${outside.join(', ')}`);
  };
  readiness.activityWorker = async () => {
    if (definition.activities && worker?.getState() !== 'RUNNING') throw new Error(`activity worker ${worker?.getState() ?? 'not started'}`);
  };
  // One trimmer for the whole inbox table: every consumer of this service shares it.
  const inboxTrimmer =
    consumers.length > 0 ? new InboxTrimmer({ sql: database.sql, logger, retentionMs: config.INBOX_RETENTION_MS }) : undefined;

  let server: Server | undefined;
  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;

  return {
    app,
    deps,
    consumers,
    relay,
    inboxTrimmer,
    async start() {
      await refuseRowSecurityBypass(database, logger, config.AGENCYFLOW_MODE === 'production');
      await checkDeploymentSteps({ kafka, topicPrefix: config.KAFKA_TOPIC_PREFIX, temporal: temporal.client.connection, namespace: config.TEMPORAL_NAMESPACE, logger });
      await relay.start();
      await Promise.all(consumers.map((c) => c.start()));
      inboxTrimmer?.start();
      const activities = definition.activities?.(deps);
      if (activities) {
        const connection = await connectWorker(temporalConnection);
        worker = await createActivityWorker({
          connection,
          namespace: config.TEMPORAL_NAMESPACE,
          taskQueue: deps.taskQueues[definition.name],
          activities,
          codec,
          maxConcurrentActivityTaskExecutions: config.ACTIVITY_SLOTS ?? definition.activitySlots,
        });
        workerRun = worker.run().finally(() => connection.close());
      }
      await new Promise<void>((resolve) => {
        server = app.listen(config.PORT, config.HOST, () => resolve());
      });
      const address = server!.address();
      const port = typeof address === 'object' && address ? address.port : config.PORT;
      const url = `http://${config.HOST}:${port}`;
      logger.info({ url }, `${definition.name} service started`);
      return { url };
    },
    /** Drains in dependency order: stop taking requests, then background work, then connections. */
    async stop() {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server?.closeAllConnections?.();
      await Promise.all(consumers.map((c) => c.stop()));
      await inboxTrimmer?.stop();
      if (worker) {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await workerRun;
      }
      await relay.stop();
      await brokers.close();
      await temporal.close();
      await bulkDatabase.close();
      await database.close();
    },
  };
}

/**
 * Tenancy is enforced by row-level security: a service connected as a superuser or a
 * BYPASSRLS role would see every tenant's rows, so in production it does not start (in
 * development it says so loudly: `npm start` and the tests connect as the service role). A
 * database that cannot be reached yet is left to the readiness probe.
 */
async function refuseRowSecurityBypass(database: Database, logger: Logger, refuse: boolean): Promise<void> {
  let bypasses: boolean;
  try {
    bypasses = await bypassesRowSecurity(database.sql);
  } catch {
    logger.warn('could not check the database role yet; /readyz reports the database until it answers');
    return;
  }
  if (bypasses && !refuse) {
    logger.warn('DATABASE_URL connects as a role that bypasses row-level security; production refuses this (docs/decisions/0023)');
  } else if (bypasses) {
    throw new Error(
      'DATABASE_URL connects as a role that bypasses row-level security (a superuser or BYPASSRLS). ' +
        'Connect as the service role (agencyflow_<service>, see docs/decisions/0023); migrations run as the owner.',
    );
  }
}

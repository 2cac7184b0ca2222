import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from '@agencyflow/logger';
import type { KafkaSecurity } from './security';

export interface KafkaOptions extends KafkaSecurity {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

/** One kafkajs client per process; its own logs go through our (redacting) logger at warn+. */
export function createKafka({ brokers, clientId, logger, ssl, sasl }: KafkaOptions): Kafka {
  const log = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers,
    // TLS and SASL for a managed cluster (kafkaSecurity); absent for the local broker.
    ...(ssl ? { ssl } : {}),
    ...(sasl ? { sasl } : {}),
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        if (level <= logLevel.ERROR) log.error(rest, message);
        else log.warn(rest, message);
      },
  });
}

import { loadKafkaSettings } from '@agencyflow/config';
import { createKafka, kafkaSecurity, listDeadLetters, replayDeadLetters } from '@agencyflow/kafka';
import { createLogger } from '@agencyflow/logger';
import { CliError } from '../client';
import type { Output } from '../progress';

/**
 * `agencyflow dead-letters list|replay <id>...|replay --all`: the parked events an operator looks
 * at (docs/runbook.md), read from Kafka (KAFKA_BROKERS, TOPIC_PREFIX) like `npm run dead-letters`.
 */
export async function deadLetters(out: Output, command: string | undefined, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // A managed cluster's TLS and SASL settings too (KAFKA_SSL*, KAFKA_SASL_*, KAFKA_OAUTH_*; decision 0035).
  const settings = loadKafkaSettings(env);
  const kafka = createKafka({
    brokers: settings.KAFKA_BROKERS,
    clientId: 'agencyflow-cli',
    logger: createLogger({ name: 'agencyflow-cli', level: 'error' }),
    ...kafkaSecurity(settings),
  });
  const prefix = env.TOPIC_PREFIX ?? '';
  if (command === 'list') {
    const letters = await listDeadLetters(kafka, prefix);
    for (const l of letters) out.line([l.id, l.parkedAt, l.consumerGroup ?? '-', l.eventType ?? '-', l.replayedAt ? `replayed ${l.replayedAt}` : 'parked', l.reason ?? ''].join('  '));
    out.line(`${letters.length} dead letter(s), ${letters.filter((l) => !l.replayedAt).length} not replayed`);
    return 0;
  }
  if (command === 'replay') {
    const ids = args[0] === '--all' ? (await listDeadLetters(kafka, prefix)).filter((l) => !l.replayedAt).map((l) => l.id) : args;
    if (ids.length === 0) throw new CliError('Give dead-letter ids (from `agencyflow dead-letters list`) or --all', 2);
    const results = await replayDeadLetters(kafka, prefix, ids);
    for (const r of results) out.line(`${r.id}  ${r.replayed ? 'replayed' : 'not found'}`);
    return results.every((r) => r.replayed) ? 0 : 1;
  }
  throw new CliError('dead-letters list | replay <id>... | replay --all', 2);
}

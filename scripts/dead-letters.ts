/**
 * `npm run dead-letters -- <command>`: what an operator does with parked events (docs/runbook.md).
 *   list                 every dead letter: id, when, which consumer, why, whether it was replayed
 *   show <id>            one dead letter with its event (protected fields masked)
 *   replay <id> [<id>…]  sends them back to their topic; consumers apply each event once (inbox)
 *   replay --all         replays every dead letter not replayed yet
 * Reads KAFKA_BROKERS (default 127.0.0.1:9092), the TLS/SASL settings of .env.example, and TOPIC_PREFIX (default none).
 */
import { loadKafkaSettings } from '@agencyflow/config';
import { createKafka, kafkaSecurity, listDeadLetters, replayDeadLetters, showDeadLetter } from '@agencyflow/kafka';
import { createLogger } from '@agencyflow/logger';

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  // A managed cluster's TLS and SASL settings too (KAFKA_SSL*, KAFKA_SASL_*, KAFKA_OAUTH_*; decision 0035).
  const settings = loadKafkaSettings();
  const kafka = createKafka({
    brokers: settings.KAFKA_BROKERS,
    clientId: 'dead-letters-cli',
    logger: createLogger({ name: 'dead-letters', level: 'error' }),
    ...kafkaSecurity(settings),
  });
  const prefix = process.env.TOPIC_PREFIX ?? '';
  switch (command) {
    case 'list': {
      const letters = await listDeadLetters(kafka, prefix);
      for (const l of letters) {
        console.log([l.id, l.parkedAt, l.consumerGroup ?? '-', l.eventType ?? '-', l.replayedAt ? `replayed ${l.replayedAt}` : 'parked', l.reason ?? ''].join('  '));
      }
      console.log(`${letters.length} dead letter(s), ${letters.filter((l) => !l.replayedAt).length} not replayed`);
      return 0;
    }
    case 'show': {
      const letter = args[0] ? await showDeadLetter(kafka, prefix, args[0]) : null;
      if (!letter) {
        console.error(`no dead letter ${args[0] ?? '(give an id from list)'}`);
        return 1;
      }
      console.log(JSON.stringify(letter, null, 2));
      return 0;
    }
    case 'replay': {
      const ids = args[0] === '--all' ? (await listDeadLetters(kafka, prefix)).filter((l) => !l.replayedAt).map((l) => l.id) : args;
      if (ids.length === 0) {
        console.error('nothing to replay (give ids from list, or --all)');
        return 1;
      }
      const results = await replayDeadLetters(kafka, prefix, ids);
      for (const r of results) console.log(`${r.id}  ${r.replayed ? 'replayed' : 'not found'}`);
      return results.every((r) => r.replayed) ? 0 : 1;
    }
    default:
      console.error('usage: npm run dead-letters -- list | show <id> | replay <id>… | replay --all');
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('dead-letters failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

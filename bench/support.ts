import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { testKafka } from '@agencyflow/testing';
import { topicName } from '@agencyflow/contracts';
import type { TestSystem } from '../test/support/system';

/** `--name value` from the command line, or the fallback. */
export const arg = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};

export const rate = (count: number, ms: number): number => Math.round((count / ms) * 1000);
export const log = (line: string): void => console.log(`[bench] ${line}`);

/** Writes bench-results/<scenario>.json at the repository root. */
export function writeResult(scenario: string, result: Record<string, unknown>): void {
  const dir = path.resolve(__dirname, '../bench-results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${scenario}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`wrote ${path.relative(process.cwd(), file)}`);
}

/** The consumer groups of the system's services and the topics they read. */
const groups = [
  { group: 'account.policy-summaries', topics: ['policy.events'] as const },
  { group: 'account.history', topics: ['account.events', 'policy.events'] as const },
  { group: 'policy.account-directory', topics: ['account.events'] as const },
];

/** Messages published but not yet consumed, summed over every consumer group and partition. */
export async function consumerLag(system: TestSystem): Promise<number> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    let lag = 0;
    for (const { group, topics } of groups) {
      const names = topics.map((t) => topicName(system.prefix, t));
      const committed = await admin.fetchOffsets({ groupId: `${system.prefix}${group}`, topics: names });
      for (const topic of names) {
        const ends = await admin.fetchTopicOffsets(topic);
        const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
        for (const end of ends) {
          const at = Number(done.find((p) => p.partition === end.partition)?.offset ?? -1);
          lag += Number(end.high) - Math.max(at, Number(end.low));
        }
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

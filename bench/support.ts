import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { testKafka } from '@agencyflow/testing';
import { topicName } from '@agencyflow/contracts';
import { consumerGroupLag } from '@agencyflow/kafka';
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
      lag += await consumerGroupLag(admin, `${system.prefix}${group}`, topics.map((t) => topicName(system.prefix, t)));
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

/**
 * CPU seconds used so far by each part of the system on this machine (Linux /proc): this
 * process (services, workers, consumers), PostgreSQL (the postmaster, its live backends and the
 * ones it reaped), Kafka and the Temporal dev server. The difference of two samples says where
 * a run's time went; a ratio against the floor says little without it.
 */
export function cpuSeconds(): Record<'node' | 'postgres' | 'kafka' | 'temporal', number> {
  const tick = 100; // USER_HZ on Linux
  const stat = (pid: string, withChildren: boolean): number => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
      return (utime! + stime! + (withChildren ? cutime! + cstime! : 0)) / tick;
    } catch {
      return 0; // the process ended between the listing and the read
    }
  };
  const totals = { node: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6, postgres: 0, kafka: 0, temporal: 0 };
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let command: string;
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (command.startsWith('/usr/lib/postgresql/')) totals.postgres += stat(pid, true);
    else if (command.startsWith('postgres:')) totals.postgres += stat(pid, false);
    else if (command.includes('kafka.Kafka')) totals.kafka += stat(pid, false);
    else if (command.includes('temporal') && command.includes('start-dev')) totals.temporal += stat(pid, false);
  }
  return totals;
}

/** Where the CPU went between two samples of cpuSeconds, in seconds, rounded to 0.1. */
export function cpuSpent(before: ReturnType<typeof cpuSeconds>, after: ReturnType<typeof cpuSeconds>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, Math.round((v - before[k as keyof typeof before]) * 10) / 10]));
}

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterTopicName } from '@agencyflow/contracts';
import { readTopicsToEnd } from '@agencyflow/kafka';
import { eventually, issueToken, shortId } from '@agencyflow/testing';
import { sharedEndpoints, startSystem, type System } from '../chaos/system';

/**
 * Every file under `dir` (recursively) whose path passes `keep`. A running server's transient file
 * (SQLite's -journal) may vanish between the listing and its stat: it is no longer there to search.
 */
function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => path.join(dir, entry))
    .filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile() === true && keep(file));
}

/** Which of `needles` occur in the bytes of these files. */
function foundIn(files: string[], needles: string[]): string[] {
  const hits = new Set<string>();
  for (const file of files) {
    if (!existsSync(file)) continue; // a transient file gone since it was listed
    const bytes = readFileSync(file);
    for (const needle of needles) if (bytes.includes(Buffer.from(needle))) hits.add(`${needle} in ${path.basename(file)}`);
  }
  return [...hits];
}

/** The command lines of this machine's processes (Linux /proc), each as its arguments. */
function commandLines(): string[][] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        return [readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')];
      } catch {
        return []; // gone, or not ours to read
      }
    });
}

/**
 * Where the running Temporal dev server keeps its store: the path infra/infra.sh names, or, when
 * this checkout found the servers already up (started by another checkout), the running one's.
 */
function temporalStore(): string {
  const named = process.env.AGENCYFLOW_TEMPORAL_DB;
  if (named && existsSync(named)) return named;
  const args = commandLines().find((a) => a.includes('start-dev') && a.includes('--db-filename'));
  return args ? args[args.indexOf('--db-filename') + 1]! : named ?? '';
}

/**
 * The running Kafka brokers' log directories: the one infra/infra.sh names, or, when this checkout
 * found the servers already up, those in the running brokers' server properties.
 */
function kafkaDataDirs(): string[] {
  const named = process.env.AGENCYFLOW_KAFKA_DATA;
  if (named && existsSync(named)) return [named];
  return commandLines()
    .filter((args) => args.includes('kafka.Kafka'))
    .map((args) => args.filter((arg) => !arg.startsWith('-') && arg.endsWith('.properties')).at(-1))
    .flatMap((file) => (file && existsSync(file) ? (/^log\.dirs=(.+)$/m.exec(readFileSync(file, 'utf8'))?.[1]?.split(',') ?? []) : []))
    .map((dir) => dir.trim())
    .filter((dir) => existsSync(dir));
}

const grant = (system: System, service: 'account' | 'policy', statement: 'grant' | 'revoke', table: string) =>
  system.databases[service].sql.unsafe(`${statement} insert on ${table} ${statement === 'grant' ? 'to' : 'from'} agencyflow_${service}`);

/**
 * X-4 end to end (issue 9, defect 2): personal and protected values driven through failing writes
 * (an HTTP request, a Temporal activity and a Kafka consumer, each failing in the database the way
 * a refused write does, with the value among the statement's parameters) appear in none of the
 * places such failures used to leave them: the services' and worker's logs (at debug level),
 * Temporal's store, Kafka's log segments (protected values) and dead-letter headers.
 */
describe('X-4 privacy canary: failing writes leave no personal data in logs, Temporal or Kafka', () => {
  const id = shortId().replace(/[^a-z0-9]/gi, '');
  const canaryName = `Zanary${id}`;
  const canaryEmail = `canary.${id}@example.invalid`;
  // A well-formed SSN unique to this run (area 100-665, never 9xx): protected, so never in clear anywhere.
  const digits = String(Number.parseInt(id.slice(0, 8), 36) % 1e9).padStart(9, '1');
  const canarySsn = `${100 + (Number(digits.slice(0, 3)) % 500)}-${10 + (Number(digits.slice(3, 5)) % 89)}-${1000 + (Number(digits.slice(5)) % 8999)}`;
  const output: string[] = [];
  let system: System;

  beforeAll(async () => {
    system = await startSystem(sharedEndpoints(), () => {}, { logLevel: 'debug', onOutput: (name, chunk) => output.push(`[${name}] ${chunk}`) });
  }, 180_000);
  afterAll(async () => system?.stop());

  it('X-4 a failing write through HTTP, an activity and a consumer leaves the canary in no log, no Temporal history and no Kafka segment', async () => {
    const tenantId = `canary-${id}`;
    const admin = await issueToken({ tenantId, groups: ['agency-admin', 'fmo-admin'] });
    const call = (method: string, url: string, body: unknown) =>
      fetch(`${system.accountUrl}${url}`, { method, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

    // 1. HTTP: the contact insert is refused by the database (its role lost the right to insert).
    const account = (await (await call('POST', '/accounts', { name: 'Canary household' })).json()) as { id: string };
    await grant(system, 'account', 'revoke', 'contacts');
    const refused = await call('POST', `/accounts/${account.id}/contacts`, { firstName: canaryName, lastName: canaryName, email: canaryEmail, ssn: canarySsn });
    expect(refused.status).toBe(500);
    await grant(system, 'account', 'grant', 'contacts');

    // 2. Activity: provisioning's first step cannot store the business's users; it is retried until it can.
    await grant(system, 'account', 'revoke', 'agent_crm_users');
    const provisioned = await call('POST', '/agent-crm/businesses', {
      name: `Agency ${canaryName}`,
      kind: 'agent',
      users: [{ name: canaryName, email: canaryEmail, npn: '1234567' }],
      policySyncEnabled: false,
    });
    expect(provisioned.status).toBe(202);
    // Attempts at about 0, 1 and 3 s (backoff 2): let Temporal record a few failures (the last is kept on the workflow).
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await grant(system, 'account', 'grant', 'agent_crm_users');

    // 3. Consumer: the policy service cannot add the account to its directory; the event is dead-lettered.
    await grant(system, 'policy', 'revoke', 'account_directory');
    const second = await call('POST', '/accounts', { name: canaryName });
    expect(second.status).toBe(201);
    const deadLetters = await eventually(async () => {
      const letters = await readTopicsToEnd(system.kafka, [deadLetterTopicName(system.topicPrefix, 'account.events')]);
      expect(letters.length).toBeGreaterThan(0);
      return letters;
    }, { timeoutMs: 60_000 });
    await grant(system, 'policy', 'grant', 'account_directory');

    const personal = [canaryName, canaryEmail, canarySsn];
    // Dead-letter headers (the reason, the error) carry no personal data; the value is the event as published.
    const headerText = deadLetters.flatMap((l) => Object.values(l.message.headers ?? {}).map((v) => String(v))).join('\n');
    expect(headerText.length).toBeGreaterThan(0);
    for (const value of personal) expect(headerText).not.toContain(value);

    // The logs say the writes failed, and never with what was written.
    const logs = output.join('');
    expect(logs).toMatch(/permission denied|insufficient|42501/i);
    // The provisioning activity failed (and was retried) while its write was refused.
    expect(logs).toMatch(/createBusiness[^\n]*(fail|error)|(fail|error)[^\n]*createBusiness/i);
    for (const value of personal) expect(logs, `log holds ${value}`).not.toContain(value);

    // Temporal's store (the dev server's SQLite files) holds the provisioning's input and failures, encrypted.
    const temporalDb = temporalStore();
    expect(existsSync(temporalDb), `Temporal's store at "${temporalDb}"`).toBe(true);
    const temporalFiles = filesUnder(path.dirname(temporalDb), (f) => path.basename(f).startsWith(path.basename(temporalDb)));
    expect(temporalFiles.length).toBeGreaterThan(0);
    expect(foundIn(temporalFiles, personal)).toEqual([]);

    // Kafka's segments of this run's topics: protected values never, in events or dead letters.
    const kafkaDirs = kafkaDataDirs();
    expect(kafkaDirs.length, "Kafka's log directory").toBeGreaterThan(0);
    const segments = kafkaDirs.flatMap((dir) => filesUnder(dir, (f) => f.includes(system.topicPrefix) && f.endsWith('.log')));
    expect(segments.length).toBeGreaterThan(0);
    // The canary name is in the account-created event, as it should be: proof these are the run's segments.
    expect(foundIn(segments, [canaryName]).length).toBeGreaterThan(0);
    expect(foundIn(segments, [canarySsn, canarySsn.replaceAll('-', '')])).toEqual([]);
  }, 300_000);
});

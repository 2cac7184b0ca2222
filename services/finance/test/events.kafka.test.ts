import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicName } from '@agencyflow/contracts';
import { createTestTopics, issueToken, readTopic, shortId, startTestService, testKafka, type TestService } from '@agencyflow/testing';
import { financeService } from '../src';
import { activate, financeApi, program } from './support';

/** FIN-6 / X-2 the finance events reach Kafka through the outbox relay, keyed by their aggregate, in order. */
describe('finance events on Kafka', () => {
  const kafka = testKafka();
  let topics: Awaited<ReturnType<typeof createTestTopics>>;
  let service: TestService;

  beforeAll(async () => {
    topics = await createTestTopics(kafka);
    service = await startTestService(financeService, { prefix: topics.prefix });
  });
  afterAll(async () => {
    await service?.stop();
    await topics?.remove();
  });

  it('FIN-6 a program’s changes are published as versioned events on finance.events, keyed by the program, in order', async () => {
    const api = financeApi(service.runtime.app, await issueToken({ tenantId: `fin-k-${shortId()}`, groups: ['finance-operator'] }));
    const p = await program(api);
    await activate(api, p.id);
    const ofProgram = (messages: Awaited<ReturnType<typeof readTopic>>) => messages.filter((m) => m.key?.toString() === p.id).map((m) => JSON.parse(m.value!.toString()) as { type: string; version: number; data: { to?: string } });
    const messages = await readTopic(kafka, topicName(topics.prefix, 'finance.events'), { until: (seen) => ofProgram(seen).length >= 4, timeoutMs: 20_000 });
    expect(ofProgram(messages).map((e) => `${e.type}@v${e.version}${e.data.to ? `:${e.data.to}` : ''}`)).toEqual([
      'finance.program-created@v1',
      'finance.program-status-changed@v1:quoted',
      'finance.program-status-changed@v1:pending-signature',
      'finance.program-status-changed@v1:active',
    ]);
  }, 40_000);
});

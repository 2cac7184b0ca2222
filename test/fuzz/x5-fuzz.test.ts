import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { accountService } from '@agencyflow/account-service';
import { financeService } from '@agencyflow/finance-service';
import { policyService } from '@agencyflow/policy-service';
import { salesService } from '@agencyflow/sales-service';
import { changedTables, fingerprint, tablesOf } from './fingerprint';
import { fuzzOperation, type FuzzSettings, type StatusCounts } from './fuzz-operation';
import { startFuzzSystem, type FuzzSystem } from './fuzz-system';
import { operationsOf, type FuzzOperation, type JsonSchema } from './openapi-operations';

/**
 * X-5 (issue 9): requests generated from each service's OpenAPI document, conforming and
 * mutated, to every operation of every service: no 5xx, and a refused request writes nothing.
 * Operations are listed from the service definitions (so each gets a test of its own); the
 * requests are generated from the document each service serves at /openapi.json.
 *
 * FUZZ_RUNS (default 30) requests per operation; FUZZ_SEED (default 9) makes a run
 * reproducible; FUZZ_SHRINK=1 shrinks a failure to a smaller request (slower);
 * FUZZ_REPORT=1 prints the answers by status for each operation, FUZZ_TRACE=1 every request.
 */
const settings: FuzzSettings = {
  seed: Number(process.env.FUZZ_SEED ?? 9),
  runs: Number(process.env.FUZZ_RUNS ?? 30),
  shrink: process.env.FUZZ_SHRINK === '1',
  trace: process.env.FUZZ_TRACE === '1',
};

const services = [accountService, policyService, salesService, financeService];

const report = (service: string, operation: FuzzOperation, counts: StatusCounts) => {
  if (process.env.FUZZ_REPORT !== '1') return;
  const line = (bucket: Record<number, number>) => Object.entries(bucket).map(([status, n]) => `${status}×${n}`).join(' ');
  const refusals = counts.refusedConforming.map((r) => `\n    refused conforming: ${r}`).join('');
  console.info(`${service} ${operation.title}: conforming ${line(counts.conforming)} | mutated ${line(counts.mutated)}${refusals}`);
};

describe('X-5 fuzz: every operation of every service, from its OpenAPI document', () => {
  let fuzz: FuzzSystem;
  const served = new Map<string, FuzzOperation[]>();

  beforeAll(async () => {
    fuzz = await startFuzzSystem();
    for (const definition of services) {
      const document = (await request(fuzz.system[definition.name].url).get('/openapi.json').expect(200)).body as JsonSchema;
      served.set(definition.name, operationsOf(document));
    }
  }, 300_000);
  afterAll(async () => fuzz?.stop());

  it('X-5 fuzz: the database fingerprint sees a one-row change (the check every refusal relies on)', async () => {
    const { sql } = fuzz.system.account.database;
    const tables = await tablesOf(sql);
    const rolledBack = sql.begin(async (tx) => {
      const before = await fingerprint(tx, tables);
      await tx`update contacts set nickname = 'fingerprint probe' where id = ${fuzz.pools.account.contacts[0]!}`;
      expect(changedTables(before, await fingerprint(tx, tables))).toEqual([expect.stringMatching(/^public\.contacts \(rows (\d+) -> \1\)$/)]);
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
  });

  for (const definition of services) {
    const service = definition.name;
    const operations = operationsOf(definition.openapi() as JsonSchema);

    describe(`X-5 fuzz: ${service} service`, () => {
      it(`X-5 fuzz: ${service} service: the document served at /openapi.json lists the operations fuzzed here`, () => {
        expect(served.get(service)!.map((o) => o.title)).toEqual(operations.map((o) => o.title));
      });

      for (const { title } of operations) {
        it(`X-5 fuzz: ${service} service: ${title}: no 5xx and no write from a rejected request`, async () => {
          const operation = served.get(service)!.find((o) => o.title === title);
          expect(operation, `${title} is not in the served document`).toBeDefined();
          await fuzz.refreshPools();
          // Internal operations are service to service: called with a service's token, for the seeded
          // Agent CRM business (the tenant they serve), so the reads behind them run too.
          const internal = operation!.path.startsWith('/internal/');
          const token = internal ? await fuzz.serviceToken(service, fuzz.pools.account.businesses[0] ?? fuzz.tenantId) : fuzz.token;
          const { url, database } = fuzz.system[service];
          const target = { service, url, sql: database.sql, token, newTenantToken: () => fuzz.newTenantToken(), pools: () => fuzz.pools[service], refreshPools: () => fuzz.refreshPools() };
          report(service, operation!, await fuzzOperation(target, operation!, settings));
        }, 180_000);
      }
    });
  }
});

import { describe, expect, it } from 'vitest';
import { routesAndDocument } from '@agencyflow/testing';
import { policyService } from '../src';
import { policyOpenApi } from '../src/openapi';

/** The OpenAPI document describes every route the service mounts, with schemas and examples. */
describe('policy service OpenAPI document', () => {
  const document = policyOpenApi();
  const paths = document.paths as Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: { content: Record<string, { schema?: unknown; example?: unknown }> } }>>;

  it('documents every policy, carrier feed and Agent CRM route', () => {
    const operations = Object.entries(paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(
      [
        'POST /policies',
        'GET /policies',
        'GET /policies/{policyId}',
        'PATCH /policies/{policyId}',
        'DELETE /policies/{policyId}',
        'POST /policies/{policyId}/activate',
        'POST /policies/{policyId}/cancel',
        'POST /policies/{policyId}/terminate',
        'POST /policies/{policyId}/archive',
        'POST /carrier-feeds',
        'POST /carrier-feeds/json',
        'GET /carrier-feeds',
        'GET /carrier-feeds/{importId}',
        'GET /carrier-feeds/{importId}/rejections.csv',
        'GET /carrier-feeds/{importId}/outcomes.csv',
        'POST /agent-crm/preview',
        'GET /internal/policy-sync/pages',
      ].sort(),
    );
  });

  it('gives every request body a schema and an example, and the CSV route a text/csv body', () => {
    for (const item of Object.values(paths)) {
      for (const operation of Object.values(item)) {
        expect(Object.keys(operation.responses).length).toBeGreaterThan(1);
        for (const media of Object.values(operation.requestBody?.content ?? {})) {
          expect(media.schema).toBeDefined();
          expect(media.example).toBeDefined();
        }
      }
    }
    expect(Object.keys(paths['/carrier-feeds']!.post!.requestBody!.content)).toEqual(['text/csv']);
    expect(JSON.stringify(paths['/policies/{policyId}/activate'])).toContain('Policy activated successfully');
  });

  it('documents every route the service mounts (the internal page transfer is documented too)', async () => {
    const { mounted, documented } = await routesAndDocument(policyService);
    expect(documented).toEqual(mounted);
  });

  it('gives every operation a unique operation id, a tag, a summary, its success answer and its 401', async () => {
    const { operationProblems } = await routesAndDocument(policyService);
    expect(operationProblems).toEqual([]);
  });
});

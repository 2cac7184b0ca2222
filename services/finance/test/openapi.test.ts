import { describe, expect, it } from 'vitest';
import { routesAndDocument } from '@agencyflow/testing';
import { financeService } from '../src';

/** ARCHITECTURE "A route is declared once": the OpenAPI document lists every route the service mounts. */
describe('finance service OpenAPI document', () => {
  it('documents every route the service mounts', async () => {
    const { mounted, documented } = await routesAndDocument(financeService);
    expect(documented).toEqual(mounted);
  });

  it('gives every operation a unique operation id, a tag, a summary, its success answer and its 401', async () => {
    const { operationProblems } = await routesAndDocument(financeService);
    expect(operationProblems).toEqual([]);
  });
});

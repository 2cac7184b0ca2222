import { describe, expect, it } from 'vitest';
import { routesAndDocument } from '@agencyflow/testing';
import { accountService } from '../src';

/** ARCHITECTURE "A route is declared once": the OpenAPI document lists every route the service mounts. */
describe('account service OpenAPI document', () => {
  it('documents every route the service mounts', async () => {
    const { mounted, documented } = await routesAndDocument(accountService);
    expect(mounted.length).toBeGreaterThan(50);
    expect(documented).toEqual(mounted);
  });

  it('gives every operation a unique operation id, a tag, a summary, its success answer and its 401', async () => {
    const { operationProblems } = await routesAndDocument(accountService);
    expect(operationProblems).toEqual([]);
  });
});

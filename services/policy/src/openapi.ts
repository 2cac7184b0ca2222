import type { OpenApiDocument } from '@agencyflow/http';

export const policyOpenApi = (): OpenApiDocument => ({
  openapi: '3.1.0',
  info: { title: 'Policy service', version: '0.1.0', description: 'Policies, carrier feeds and policy sync.' },
  security: [{ bearer: [] }, { apiKey: [] }],
  paths: {},
});

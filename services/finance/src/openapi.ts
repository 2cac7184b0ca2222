import type { OpenApiDocument } from '@agencyflow/http';

export const financeOpenApi = (): OpenApiDocument => ({
  openapi: '3.1.0',
  info: { title: 'Finance service', version: '0.1.0', description: 'Premium-finance programs, customers and contacts.' },
  security: [{ bearer: [] }, { apiKey: [] }],
  paths: {},
});

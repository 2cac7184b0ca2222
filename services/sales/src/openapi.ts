import { jsonSchema, problemResponse, type OpenApiDocument } from '@agencyflow/http';
import { startProbeBody } from './http/system-probe.routes';

export const salesOpenApi = (): OpenApiDocument => ({
  openapi: '3.1.0',
  info: { title: 'Sales service', version: '0.1.0', description: 'Individual search, sales records and the runs that create them.' },
  security: [{ bearer: [] }, { apiKey: [] }],
  paths: {
    '/admin/system-probes': {
      post: {
        summary: 'Start a system probe workflow (needs system:operate)',
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } }],
        requestBody: { content: { 'application/json': { schema: jsonSchema(startProbeBody), example: { note: 'after upgrade' } } } },
        responses: {
          '202': { description: 'Started (or already started with this Idempotency-Key)' },
          '400': problemResponse('Invalid body'),
          '401': problemResponse('No valid credentials'),
          '403': problemResponse('Missing permission system:operate'),
        },
      },
    },
    '/admin/system-probes/{probeId}': {
      get: {
        summary: 'Follow a system probe: progress while running, the result when done',
        parameters: [{ name: 'probeId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'Status' }, '404': problemResponse('No such probe in your tenant') },
      },
    },
  },
});

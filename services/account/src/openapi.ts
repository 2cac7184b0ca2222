import { jsonSchema, problemResponse, type OpenApiDocument } from '@agencyflow/http';
import { accountView, createAccountBody } from './http/account-schemas';

const security = [{ bearer: [] }, { apiKey: [] }];

export const accountOpenApi = (): OpenApiDocument => ({
  openapi: '3.1.0',
  info: { title: 'Account service', version: '0.1.0', description: 'Accounts and contacts of a CRM tenant.' },
  security,
  paths: {
    '/accounts': {
      post: {
        summary: 'Open an account (starts as a prospect)',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: jsonSchema(createAccountBody), example: { name: 'Rivera household' } } },
        },
        responses: {
          '201': { description: 'Created', content: { 'application/json': { schema: jsonSchema(accountView) } } },
          '400': problemResponse('Invalid body'),
          '401': problemResponse('No valid credentials'),
          '403': problemResponse('Missing permission accounts:edit'),
        },
      },
    },
    '/accounts/{accountId}': {
      get: {
        summary: 'Read an account of your tenant',
        parameters: [{ name: 'accountId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          '200': { description: 'The account', content: { 'application/json': { schema: jsonSchema(accountView) } } },
          '404': problemResponse('No such account in your tenant'),
        },
      },
    },
  },
});

import { openApiDocument, type OpenApiDocument } from '@agencyflow/http';
import { addressReviewApi } from './address-reviews/address-reviews.routes';
import { contactApi } from './contacts/contacts.routes';
import { customerApi } from './customers/customers.routes';
import { documentApi } from './documents/documents.routes';
import { historyApi } from './history/history.routes';
import { programApi } from './programs/programs.routes';

export const financeOpenApi = (): OpenApiDocument =>
  openApiDocument(
    {
      info: {
        title: 'Finance service',
        version: '0.2.0',
        description:
          'Premium-finance programs, their customers (the insured) and contacts, invoices and verification documents (rules FIN-1..FIN-6 of ' +
          'DOMAIN.md, decision 0028). Every route is scoped to the tenant of the caller’s token; another tenant’s records answer 404. ' +
          'A customer’s tax id is encrypted at rest and only ever answered masked.',
      },
    },
    [programApi, customerApi, contactApi, documentApi, historyApi, addressReviewApi],
  );

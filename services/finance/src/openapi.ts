import { z } from 'zod';
import { operation, type OpenApiDocument } from '@agencyflow/http';
import { replaceContactBody, createContactBody, updateContactBody } from './contacts/contact-schemas';
import { createCustomerBody, searchQuery, updateCustomerBody } from './customers/customer-schemas';
import { addressReviewDecisionBody, addressReviewSettingsBody, listAddressReviewsQuery } from './address-reviews/address-review-schemas';
import { uploadDocumentQuery } from './documents/document-schemas';
import { MAX_DOCUMENT_BYTES } from './domain/verification-documents';
import { changeFinancedBody, changeStatusBody, createInvoiceBody, createProgramBody, listProgramsQuery, replaceCustomerBody } from './programs/program-schemas';

const edit = 'finance:edit';
const view = 'finance:view';
const programId = ['programId'];
const customerId = ['customerId'];
const contactId = ['contactId'];
const reviewId = ['reviewId'];
const example = (schema: z.ZodType) => schema.meta()?.example;
const history = (what: string, params: string[]) =>
  operation({ summary: `FIN-6 the ${what}’s history, newest first: who, when, what, before and after (protected values masked)`, permission: view, pathParams: params, responses: { '200': 'Entries', '404': `No such ${what}` } });

const unconfirmed = 'The review’s workflow did not answer in time (review-decision-unconfirmed, Retry-After): the decision may still apply; read the review before deciding again';

export const financeOpenApi = (): OpenApiDocument => ({
  openapi: '3.1.0',
  info: {
    title: 'Finance service',
    version: '0.2.0',
    description:
      'Premium-finance programs, their customers (the insured) and contacts, invoices and verification documents (rules FIN-1..FIN-6 of ' +
      'DOMAIN.md, decision 0028). Every route is scoped to the tenant of the caller’s token; another tenant’s records answer 404. ' +
      'A customer’s tax id is encrypted at rest and only ever answered masked.',
  },
  security: [{ bearer: [] }, { apiKey: [] }],
  paths: {
    '/finance/programs': {
      post: operation({
        summary: 'FIN-1 create a program in draft: one customer (customerId, or a new customer), contacts in roles with exactly one signer',
        permission: edit,
        body: createProgramBody,
        example: example(createProgramBody),
        idempotent: true,
        responses: { '201': 'The program', '409': 'Reference taken (program-reference-taken), or a new contact’s email is another contact’s (contact-email-taken)' },
      }),
      get: operation({ summary: 'FIN-1 list programs, newest first (filters status, customerId, financed; cursor nextBefore)', permission: view, query: listProgramsQuery, responses: { '200': 'A page of programs' } }),
    },
    '/finance/programs/{programId}': {
      get: operation({ summary: 'A program with its customer, contacts in roles and invoices', permission: view, pathParams: programId, responses: { '200': 'The program', '404': 'No such program' } }),
    },
    '/finance/programs/{programId}/status': {
      post: operation({
        summary: 'FIN-1 move a program along its lifecycle',
        description: 'draft → quoted | cancelled; quoted → pending-signature | draft | cancelled; pending-signature → active | quoted | cancelled; active → paid-off | cancelled; paid-off and cancelled are final.',
        permission: edit,
        pathParams: programId,
        body: changeStatusBody,
        example: example(changeStatusBody),
        responses: { '200': 'The program', '404': 'No such program', '409': 'Transition not allowed (status-transition-refused, with `allowed`)' },
      }),
    },
    '/finance/programs/{programId}/financed': {
      post: operation({
        summary: 'FIN-1 make a program financed or not after its creation (decision 0032)',
        description: 'Only in draft or quoted: once the terms are sent for signature the flag no longer changes (409 financed-flag-locked). FIN-2 sees the flag as it is now.',
        permission: edit,
        pathParams: programId,
        body: changeFinancedBody,
        example: example(changeFinancedBody),
        responses: { '200': 'The program', '404': 'No such program', '409': 'Not in draft or quoted (financed-flag-locked)' },
      }),
    },
    '/finance/programs/{programId}/replace-customer': {
      post: operation({
        summary: 'FIN-3 replace the program’s customer (customerId, or a new customer) on every program and invoice connected to it',
        description: 'Only while the program is not active (409 program-active). If the replaced customer has an active program elsewhere, nothing is replaced: 409 customer-has-active-programs lists them.',
        permission: edit,
        pathParams: programId,
        body: replaceCustomerBody,
        example: example(replaceCustomerBody),
        responses: { '200': 'Replaced: both customers and the counts', '404': 'No such program or replacement customer', '409': 'Refused by FIN-3', '422': 'The same customer' },
      }),
    },
    '/finance/programs/{programId}/history': { get: history('program', programId) },
    '/finance/programs/{programId}/invoices': {
      post: operation({
        summary: 'FIN-1 invoice a program: billed to its customer at the customer’s address, to its billing contact (or signer) unless one is given',
        permission: edit,
        pathParams: programId,
        body: createInvoiceBody,
        example: example(createInvoiceBody),
        idempotent: true,
        responses: { '201': 'The invoice', '404': 'No such program', '409': 'Invoice number taken' },
      }),
      get: operation({ summary: 'A program’s invoices, newest first', permission: view, pathParams: programId, responses: { '200': 'Invoices', '404': 'No such program' } }),
    },
    '/finance/invoices/{invoiceId}': {
      get: operation({ summary: 'An invoice with its billing address and contact as on the invoice', permission: view, pathParams: ['invoiceId'], responses: { '200': 'The invoice', '404': 'No such invoice' } }),
    },
    '/finance/customers': {
      post: operation({ summary: 'Create a customer (an insured)', permission: edit, body: createCustomerBody, example: example(createCustomerBody), idempotent: true, responses: { '201': 'The customer (tax id masked)' } }),
      get: operation({ summary: 'Search customers by part of a name or email', permission: view, query: searchQuery, responses: { '200': 'Customers' } }),
    },
    '/finance/customers/{customerId}': {
      get: operation({ summary: 'A customer with every program and invoice connected to it', permission: view, pathParams: customerId, responses: { '200': 'The customer', '404': 'No such customer' } }),
      patch: operation({
        summary: 'FIN-2 update a customer: applies to every program and invoice connected to it, in one transaction',
        description:
          'If any connected program is financed, an address change needs `verification`: a document of this customer (uploaded, not used before) and the operator’s attestation that it names the insured and shows the new address. ' +
          'Without it: 409 verification-document-required listing the financed programs; nothing changes.',
        permission: edit,
        pathParams: customerId,
        body: updateCustomerBody,
        example: example(updateCustomerBody),
        responses: {
          '200': 'The customer, the changed fields and how many programs and invoices',
          '202': 'The address change waits for review (the tenant wants address changes on financed programs reviewed): the review',
          '404': 'No such customer',
          '409': 'Verification document required, or an address change of the customer is under review (address-review-pending)', '422': 'The document is not this customer’s, or already used',
        },
      }),
    },
    '/finance/customers/{customerId}/history': { get: history('customer', customerId) },
    '/finance/customers/{customerId}/documents': {
      post: operation({
        summary: `FIN-2 upload a verification document (the body is the file, application/octet-stream, at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; PDF, JPEG, PNG or TIFF, checked against its bytes)`,
        permission: edit,
        pathParams: customerId,
        query: uploadDocumentQuery,
        body: z.string(),
        bodyMediaType: 'application/octet-stream',
        responses: { '201': 'The document’s metadata', '404': 'No such customer', '413': 'File too large', '415': 'Not application/octet-stream' },
      }),
      get: operation({ summary: 'A customer’s verification documents (metadata, and which address change each verified)', permission: view, pathParams: customerId, responses: { '200': 'Documents', '404': 'No such customer' } }),
    },
    '/finance/documents/{documentId}/content': {
      get: operation({ summary: 'Download a verification document (always as an attachment)', permission: view, pathParams: ['documentId'], responses: { '200': 'The file', '404': 'No such document' } }),
    },
    '/finance/settings/address-review': {
      get: operation({ summary: 'Whether address changes on financed programs need review, and after how many days the reminder fires and the request expires', permission: view, responses: { '200': 'The settings' } }),
      put: operation({
        summary: 'Set whether address changes on financed programs need review, and the reminder and expiry delays in days (decision 0032)',
        description: 'Requests already pending keep the reminder and expiry they were given.',
        permission: edit,
        body: addressReviewSettingsBody,
        example: example(addressReviewSettingsBody),
        responses: { '200': 'The settings' },
      }),
    },
    '/finance/address-reviews': {
      get: operation({ summary: 'Address changes under review (filters state, customerId), newest request first (cursor nextBefore)', permission: view, query: listAddressReviewsQuery, responses: { '200': 'A page of reviews' } }),
    },
    '/finance/address-reviews/{reviewId}': {
      get: operation({ summary: 'An address change under review: the requested values, its document, where it stands and its workflow id', permission: view, pathParams: reviewId, responses: { '200': 'The review', '404': 'No such review' } }),
    },
    '/finance/address-reviews/{reviewId}/approve': {
      post: operation({
        summary: 'Approve an address change: it applies as FIN-2 applies a change, in one transaction (a reviewer other than the requester)',
        permission: edit,
        pathParams: reviewId,
        body: addressReviewDecisionBody,
        example: example(addressReviewDecisionBody),
        responses: { '200': 'The review and how many programs and invoices the change applied to', '404': 'No such review', '409': 'Already decided, or being decided (review-already-decided), or the change cannot apply any more (review-cannot-apply)', '403': 'The reviewer is the requester (reviewer-is-requester)', '504': unconfirmed },
      }),
    },
    '/finance/address-reviews/{reviewId}/reject': {
      post: operation({
        summary: 'Reject an address change (the requester may withdraw their own): nothing applies',
        permission: edit,
        pathParams: reviewId,
        body: addressReviewDecisionBody,
        example: example(addressReviewDecisionBody),
        responses: { '200': 'The review', '404': 'No such review', '409': 'Already decided, or being decided (review-already-decided)', '504': unconfirmed },
      }),
    },
    '/finance/contacts': {
      post: operation({ summary: 'Create a contact (an email is one contact’s, without case)', permission: edit, body: createContactBody, example: example(createContactBody), idempotent: true, responses: { '201': 'The contact', '409': 'Email taken (contact-email-taken names the contact)' } }),
      get: operation({ summary: 'Search contacts by part of a name or email', permission: view, query: searchQuery, responses: { '200': 'Contacts' } }),
    },
    '/finance/contacts/{contactId}': {
      get: operation({ summary: 'A contact with every program it is on (with its roles) and the invoices it is billed on', permission: view, pathParams: contactId, responses: { '200': 'The contact', '404': 'No such contact' } }),
      patch: operation({
        summary: 'FIN-4 update a contact: applies to every program connected to it',
        description:
          'An email another contact has (without case) is refused: 409 contact-email-taken names that contact and suggests replacing this one with it. ' +
          'The signer of an active agreement keeps firstName, lastName and email (409 signer-of-active-agreement); phone and company stay editable.',
        permission: edit,
        pathParams: contactId,
        body: updateContactBody,
        example: example(updateContactBody),
        responses: { '200': 'The contact, the changed fields and counts', '404': 'No such contact', '409': 'Email taken, or signer of an active agreement' },
      }),
    },
    '/finance/contacts/{contactId}/replace': {
      post: operation({
        summary: 'FIN-5 replace a contact (contactId, or a new contact) in every role on every program and as billing contact of every invoice',
        description: 'Refused while the contact is the signer of an active agreement (409 signer-of-active-agreement lists them); nothing changes.',
        permission: edit,
        pathParams: contactId,
        body: replaceContactBody,
        example: example(replaceContactBody),
        responses: { '200': 'Replaced: both contacts and the counts', '404': 'No such contact or replacement', '409': 'Signer of an active agreement, or the new contact’s email is taken', '422': 'The same contact' },
      }),
    },
    '/finance/contacts/{contactId}/history': { get: history('contact', contactId) },
  },
});

import express from 'express';
import { z } from 'zod';
import { defineRoutes, implementRoutes, principalOf, problems, type BoundRoute } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { customerIdParams } from '../customers/customer-schemas';
import { findCustomer } from '../customers/customer-queries';
import { MAX_DOCUMENT_BYTES } from '../domain/verification-documents';
import { documentIdParams, uploadDocumentQuery } from './document-schemas';
import { documentsOfCustomer, findDocumentContent } from './document-queries';
import { documentListView, documentView } from './document-view';
import { uploadDocument } from './upload-document';

export const documentApi = defineRoutes({
  upload: {
    method: 'post',
    path: '/finance/customers/:customerId/documents',
    summary: `FIN-2 upload a verification document (the body is the file, application/octet-stream, at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; PDF, JPEG, PNG or TIFF, checked against its bytes)`,
    permission: 'finance:edit',
    params: customerIdParams,
    query: uploadDocumentQuery,
    body: z.string(),
    bodyMediaType: 'application/octet-stream',
    example: '%PDF-1.7 ...',
    responses: { 201: ['The document’s metadata', documentView] },
    problems: { 404: 'No such customer', 413: 'File too large', 415: 'Not application/octet-stream' },
  },
  getCustomersByCustomerIdDocuments: {
    method: 'get',
    path: '/finance/customers/:customerId/documents',
    summary: 'A customer’s verification documents (metadata, and which address change each verified)',
    permission: 'finance:view',
    params: customerIdParams,
    responses: { 200: ['Documents', documentListView] },
    problems: { 404: 'No such customer' },
  },
  getDocumentsByDocumentIdContent: {
    method: 'get',
    path: '/finance/documents/:documentId/content',
    summary: 'Download a verification document (always as an attachment)',
    permission: 'finance:view',
    params: documentIdParams,
    responses: { 200: ['The file, as an attachment', 'application/octet-stream'] },
    problems: { 404: 'No such document' },
  },
});

export function documentRoutes({ database, fieldCipher }: ServiceDeps): BoundRoute[] {
  return implementRoutes(documentApi, {
    // FIN-2 the file's bytes are the body (application/octet-stream); its type, name and media type are query parameters.
    upload: {
      middleware: [express.raw({ type: 'application/octet-stream', limit: MAX_DOCUMENT_BYTES })],
      handler: async ({ params: { customerId }, query: { documentType, fileName, contentType } }, req, res) => {
        const { tenantId, subject } = principalOf(req);
        if (!req.is('application/octet-stream')) throw problems.unsupportedMediaType('application/octet-stream');
        const content = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const result = await uploadDocument(forTenants(database, tenantId), fieldCipher, { tenantId, customerId, actor: subject, file: { documentType, fileName, contentType, content } });
        if (result.outcome === 'not-found') throw problems.notFound('customer');
        if (result.outcome === 'invalid') throw problems.validation([{ path: 'body', message: result.reason }]);
        res.status(201).location(`/finance/documents/${result.document.id}`).json(result.document);
      },
    },

    getCustomersByCustomerIdDocuments: async ({ params: { customerId } }, req, res) => {
      const { tenantId } = principalOf(req);
      const items = await inTenant(database, tenantId, async (tx) => ((await findCustomer(tx, tenantId, customerId)) ? documentsOfCustomer(tx, tenantId, customerId) : undefined));
      if (!items) throw problems.notFound('customer');
      res.json({ items });
    },

    getDocumentsByDocumentIdContent: async ({ params: { documentId } }, req, res) => {
      const { tenantId } = principalOf(req);
      const document = await inTenant(database, tenantId, (tx) => findDocumentContent(tx, tenantId, documentId));
      if (!document) throw problems.notFound('document');
      // Always a download, never rendered in the app's origin.
      res
        .type(document.contentType)
        .setHeader('content-disposition', `attachment; filename="${encodeURIComponent(document.fileName)}"`)
        .setHeader('x-content-type-options', 'nosniff')
        .setHeader('content-security-policy', "default-src 'none'; sandbox")
        .send(fieldCipher.openBytes(document.content));
    },
  });
}

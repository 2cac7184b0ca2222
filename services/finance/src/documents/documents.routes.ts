import express, { Router } from 'express';
import { parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { customerIdParams } from '../customers/customer-schemas';
import { findCustomer } from '../customers/customer-queries';
import { MAX_DOCUMENT_BYTES } from '../domain/verification-documents';
import { documentIdParams, uploadDocumentQuery } from './document-schemas';
import { documentsOfCustomer, findDocumentContent } from './document-queries';
import { uploadDocument } from './upload-document';

export function documentRoutes({ database, fieldCipher }: ServiceDeps): Router {
  const router = Router();

  // FIN-2 the file's bytes are the body (application/octet-stream); its type, name and media type are query parameters.
  router.post(
    '/finance/customers/:customerId/documents',
    requirePermission('finance:edit'),
    express.raw({ type: 'application/octet-stream', limit: MAX_DOCUMENT_BYTES }),
    async (req, res) => {
      const { tenantId, subject } = principalOf(req);
      const { customerId } = parseInput(customerIdParams, req.params, 'path');
      const { documentType, fileName, contentType } = parseInput(uploadDocumentQuery, req.query, 'query');
      if (!req.is('application/octet-stream')) throw problems.unsupportedMediaType('application/octet-stream');
      const content = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const result = await uploadDocument(forTenants(database, tenantId), fieldCipher, { tenantId, customerId, actor: subject, file: { documentType, fileName, contentType, content } });
      if (result.outcome === 'not-found') throw problems.notFound('customer');
      if (result.outcome === 'invalid') throw problems.validation([{ path: 'body', message: result.reason }]);
      res.status(201).location(`/finance/documents/${result.document.id}`).json(result.document);
    },
  );

  router.get('/finance/customers/:customerId/documents', requirePermission('finance:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { customerId } = parseInput(customerIdParams, req.params, 'path');
    const items = await inTenant(database, tenantId, async (tx) => ((await findCustomer(tx, tenantId, customerId)) ? documentsOfCustomer(tx, tenantId, customerId) : undefined));
    if (!items) throw problems.notFound('customer');
    res.json({ items });
  });

  router.get('/finance/documents/:documentId/content', requirePermission('finance:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { documentId } = parseInput(documentIdParams, req.params, 'path');
    const document = await inTenant(database, tenantId, (tx) => findDocumentContent(tx, tenantId, documentId));
    if (!document) throw problems.notFound('document');
    // Always a download, never rendered in the app's origin.
    res
      .type(document.contentType)
      .setHeader('content-disposition', `attachment; filename="${encodeURIComponent(document.fileName)}"`)
      .setHeader('x-content-type-options', 'nosniff')
      .setHeader('content-security-policy', "default-src 'none'; sandbox")
      .send(fieldCipher.openBytes(document.content));
  });

  return router;
}

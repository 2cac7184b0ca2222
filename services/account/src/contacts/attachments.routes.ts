import express, { Router } from 'express';
import { parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { dealCardBody, fileIdParams, fileQuery, MAX_FILE_BYTES } from './attachment-schemas';
import { addDealCard, attachFile } from './attach-to-contact';
import { getFile } from './contact-queries';
import { contactIdParams } from './contact-schemas';

export function attachmentRoutes({ database, fieldCipher, config }: ServiceDeps): Router {
  const router = Router();

  router.post('/contacts/:contactId/deal-cards', requirePermission('accounts:edit'), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { contactId } = parseInput(contactIdParams, req.params, 'path');
    const result = await addDealCard(forTenants(database, tenantId), { tenantId, contactId, actor: subject, card: parseInput(dealCardBody, req.body) });
    if (result.outcome === 'not-found') throw problems.notFound('contact');
    res.status(201).json(result.card);
  });

  // The file's bytes are the body (application/octet-stream); its name and type are query parameters.
  router.post(
    '/contacts/:contactId/files',
    requirePermission('accounts:edit'),
    express.raw({ type: 'application/octet-stream', limit: MAX_FILE_BYTES }),
    async (req, res) => {
      const { tenantId, subject } = principalOf(req);
      const { contactId } = parseInput(contactIdParams, req.params, 'path');
      const { fileName, contentType } = parseInput(fileQuery, req.query, 'query');
      if (!req.is('application/octet-stream')) throw problems.unsupportedMediaType('application/octet-stream');
      const content = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (content.length === 0) throw problems.validation([{ path: 'body', message: 'the file is empty' }]);
      const result = await attachFile(forTenants(database, tenantId), fieldCipher, {
        tenantId,
        contactId,
        actor: subject,
        quotaBytes: config.FILE_QUOTA_BYTES_PER_TENANT,
        file: { fileName, contentType, content },
      });
      if (result.outcome === 'not-found') throw problems.notFound('contact');
      if (result.outcome === 'over-quota') {
        throw problems.conflict('file-quota-exceeded', 'File quota exceeded', 'Your organisation’s files would exceed their storage quota; delete files or ask for a larger quota.', {
          usedBytes: result.usedBytes,
          quotaBytes: result.quotaBytes,
          fileBytes: content.length,
        });
      }
      res.status(201).location(`/files/${result.file.id}`).json(result.file);
    },
  );

  router.get('/files/:fileId/content', requirePermission('accounts:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { fileId } = parseInput(fileIdParams, req.params, 'path');
    const file = await inTenant(database, tenantId, (tx) => getFile(tx, tenantId, fileId));
    if (!file) throw problems.notFound('file');
    // Always a download, never rendered: a stored text/html file cannot run in the app's origin.
    res
      .type(file.contentType)
      .setHeader('content-disposition', `attachment; filename="${encodeURIComponent(file.fileName)}"`)
      .setHeader('content-security-policy', "default-src 'none'; sandbox")
      .send(fieldCipher.openBytes(file.content));
  });

  return router;
}

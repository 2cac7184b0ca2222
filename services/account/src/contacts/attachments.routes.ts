import express from 'express';
import { z } from 'zod';
import { defineRoutes, implementRoutes, principalOf, problems, type BoundRoute } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { dealCardBody, fileIdParams, fileQuery, MAX_FILE_BYTES } from './attachment-schemas';
import { contactFileView, dealCardView } from './attachment-view';
import { addDealCard, attachFile } from './attach-to-contact';
import { getFile } from './contact-queries';
import { contactIdParams } from './contact-schemas';

export const attachmentApi = defineRoutes({
  addDealCard: {
    method: 'post',
    path: '/contacts/:contactId/deal-cards',
    summary: 'Add a deal card to a contact',
    permission: 'accounts:edit',
    params: contactIdParams,
    body: dealCardBody,
    responses: { 201: ['The deal card', dealCardView] },
    problems: { 404: 'No such contact' },
  },
  attachFile: {
    method: 'post',
    path: '/contacts/:contactId/files',
    summary: `Attach a file (the body is the file, application/octet-stream, at most ${MAX_FILE_BYTES / 1024 / 1024} MB)`,
    description: 'The tenant’s files share a storage quota: a file that would exceed it is refused (409 file-quota-exceeded, with the bytes used and the quota).',
    permission: 'accounts:edit',
    params: contactIdParams,
    query: fileQuery,
    body: z.string(),
    bodyMediaType: 'application/octet-stream',
    responses: { 201: ['The file’s metadata', contactFileView] },
    problems: { 404: 'No such contact', 409: 'Over the tenant’s file quota (file-quota-exceeded)', 413: 'File too large', 415: 'Not application/octet-stream' },
  },
  download: {
    method: 'get',
    path: '/files/:fileId/content',
    summary: 'Download a file (always as an attachment, in its own media type)',
    permission: 'accounts:view',
    params: fileIdParams,
    responses: { 200: ['The file, as an attachment', 'application/octet-stream'] },
    problems: { 404: 'No such file' },
  },
});

export function attachmentRoutes({ database, fieldCipher, config }: ServiceDeps): BoundRoute[] {
  return implementRoutes(attachmentApi, {
    addDealCard: async ({ params: { contactId }, body: card }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const result = await addDealCard(forTenants(database, tenantId), { tenantId, contactId, actor: subject, card });
      if (result.outcome === 'not-found') throw problems.notFound('contact');
      res.status(201).json(result.card);
    },

    // The file's bytes are the body (application/octet-stream); its name and type are query parameters.
    attachFile: {
      middleware: [express.raw({ type: 'application/octet-stream', limit: MAX_FILE_BYTES })],
      handler: async ({ params: { contactId }, query: { fileName, contentType } }, req, res) => {
        const { tenantId, subject } = principalOf(req);
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
    },

    download: async ({ params: { fileId } }, req, res) => {
      const { tenantId } = principalOf(req);
      const file = await inTenant(database, tenantId, (tx) => getFile(tx, tenantId, fileId));
      if (!file) throw problems.notFound('file');
      // Always a download, never rendered: a stored text/html file cannot run in the app's origin.
      res
        .type(file.contentType)
        .setHeader('content-disposition', `attachment; filename="${encodeURIComponent(file.fileName)}"`)
        .setHeader('content-security-policy', "default-src 'none'; sandbox")
        .send(fieldCipher.openBytes(file.content));
    },
  });
}

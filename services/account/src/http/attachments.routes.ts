import express, { Router } from 'express';
import { z } from 'zod';
import { calendarDateSchema, moneySchema } from '@agencyflow/contracts';
import { parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { dealStages } from '../db/schema';
import { addDealCard, attachFile, getFile } from '../use-cases/attachments';
import { contactIdParams } from './contact-schemas';

/** Largest file a contact can carry; documented in the OpenAPI document. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export const dealCardBody = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    stage: z.enum(dealStages).default('new'),
    value: moneySchema.nullable().optional(),
    expectedCloseDate: calendarDateSchema.nullable().optional(),
  })
  .meta({ example: { title: 'Medicare Supplement plan G', stage: 'proposal', value: '1740.00' } });

export const fileQuery = z.strictObject({
  fileName: z.string().trim().min(1).max(255).regex(/^[^/\\]+$/, 'a file name, not a path'),
  contentType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'a media type such as application/pdf')
    .default('application/octet-stream'),
});
const fileIdParams = z.strictObject({ fileId: z.uuid() });

export function attachmentRoutes({ database }: ServiceDeps): Router {
  const router = Router();

  router.post('/contacts/:contactId/deal-cards', requirePermission('accounts:edit'), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { contactId } = parseInput(contactIdParams, req.params, 'path');
    const card = await addDealCard(database, { tenantId, contactId, actor: subject, card: parseInput(dealCardBody, req.body) });
    if (!card) throw problems.notFound('contact');
    res.status(201).json(card);
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
      const file = await attachFile(database, { tenantId, contactId, actor: subject, file: { fileName, contentType, content } });
      if (!file) throw problems.notFound('contact');
      res.status(201).location(`/files/${file.id}`).json(file);
    },
  );

  router.get('/files/:fileId/content', requirePermission('accounts:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { fileId } = parseInput(fileIdParams, req.params, 'path');
    const file = await getFile(database, tenantId, fileId);
    if (!file) throw problems.notFound('file');
    res
      .type(file.contentType)
      .setHeader('content-disposition', `attachment; filename="${encodeURIComponent(file.fileName)}"`)
      .send(file.content);
  });

  return router;
}

import { Router } from 'express';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { npnSchema } from '@agencyflow/contracts';
import { parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { customFieldDefinitions, customFieldTypes, servicingAgents } from '../db/schema';

export const customFieldBody = z
  .strictObject({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'key is snake_case'),
    label: z.string().trim().min(1).max(100),
    type: z.enum(customFieldTypes),
    options: z.array(z.string().min(1).max(100)).max(200).default([]),
  })
  .refine((f) => !['dropdown', 'checkbox-list'].includes(f.type) || f.options.length > 0, {
    message: 'dropdown and checkbox-list fields need options',
    path: ['options'],
  })
  .meta({ example: { key: 'preferred_language', label: 'Preferred language', type: 'dropdown', options: ['English', 'Spanish'] } });

export const servicingAgentBody = z
  .strictObject({ name: z.string().trim().min(1).max(200), npn: npnSchema.optional(), userId: z.string().min(1).max(200).optional() })
  .meta({ example: { name: 'Dana Brooks', npn: '17234598', userId: 'user-dana' } });

/** Tenant settings the contact fields rest on: typed custom fields and servicing agents. */
export function settingsRoutes({ database }: ServiceDeps): Router {
  const router = Router();
  const { db } = database;

  router.post('/custom-fields', requirePermission('accounts:edit'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const body = parseInput(customFieldBody, req.body);
    const [created] = await db.insert(customFieldDefinitions).values({ ...body, tenantId }).onConflictDoNothing().returning();
    if (!created) throw problems.conflict('custom-field-exists', 'Custom field exists', `A custom field with key "${body.key}" exists.`);
    res.status(201).json(created);
  });

  router.get('/custom-fields', requirePermission('accounts:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    res.json({ items: await db.select().from(customFieldDefinitions).where(eq(customFieldDefinitions.tenantId, tenantId)).orderBy(asc(customFieldDefinitions.key)) });
  });

  router.post('/servicing-agents', requirePermission('accounts:edit'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const [agent] = await db.insert(servicingAgents).values({ ...parseInput(servicingAgentBody, req.body), tenantId }).returning();
    res.status(201).json(agent);
  });

  router.get('/servicing-agents', requirePermission('accounts:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    res.json({ items: await db.select().from(servicingAgents).where(eq(servicingAgents.tenantId, tenantId)).orderBy(asc(servicingAgents.name)) });
  });

  return router;
}

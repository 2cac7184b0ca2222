import { z } from 'zod';
import { npnSchema } from '@agencyflow/contracts';
import { customFieldTypes } from '../domain/custom-fields';

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

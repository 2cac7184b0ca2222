import { defineRoutes, implementRoutes, principalOf, problems, type BoundRoute } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { addServicingAgent } from './add-servicing-agent';
import { defineCustomField } from './define-custom-field';
import { customFieldsOf, servicingAgentsOf } from './settings-queries';
import { customFieldBody, servicingAgentBody } from './settings-schemas';
import { customFieldListView, customFieldView, servicingAgentListView, servicingAgentView } from './settings-view';

export const settingsApi = defineRoutes({
  defineCustomField: {
    method: 'post',
    path: '/custom-fields',
    summary: 'Define a typed custom field for contacts',
    permission: 'accounts:edit',
    body: customFieldBody,
    responses: { 201: ['Defined', customFieldView] },
    problems: { 409: 'Key exists (custom-field-exists)' },
  },
  customFields: {
    method: 'get',
    path: '/custom-fields',
    summary: 'List custom field definitions, by key',
    permission: 'accounts:view',
    responses: { 200: ['Definitions', customFieldListView] },
  },
  addServicingAgent: {
    method: 'post',
    path: '/servicing-agents',
    summary: 'Add a servicing agent (optionally linked to a user)',
    permission: 'accounts:edit',
    body: servicingAgentBody,
    responses: { 201: ['Added', servicingAgentView] },
  },
  servicingAgents: {
    method: 'get',
    path: '/servicing-agents',
    summary: 'List servicing agents, by name',
    permission: 'accounts:view',
    responses: { 200: ['Agents', servicingAgentListView] },
  },
});

/** Tenant settings the contact fields rest on: typed custom fields and servicing agents. */
export function settingsRoutes({ database }: ServiceDeps): BoundRoute[] {
  return implementRoutes(settingsApi, {
    defineCustomField: async ({ body: field }, req, res) => {
      const { tenantId } = principalOf(req);
      const result = await defineCustomField(forTenants(database, tenantId), { tenantId, field });
      if (result.outcome === 'conflict') throw problems.conflict('custom-field-exists', 'Custom field exists', `A custom field with key "${field.key}" exists.`);
      res.status(201).json(result.field);
    },

    customFields: async (_input, req, res) => {
      const { tenantId } = principalOf(req);
      res.json({ items: await inTenant(database, tenantId, (tx) => customFieldsOf(tx, tenantId)) });
    },

    addServicingAgent: async ({ body: agent }, req, res) => {
      const { tenantId } = principalOf(req);
      const { agent: added } = await addServicingAgent(forTenants(database, tenantId), { tenantId, agent });
      res.status(201).json(added);
    },

    servicingAgents: async (_input, req, res) => {
      const { tenantId } = principalOf(req);
      res.json({ items: await inTenant(database, tenantId, (tx) => servicingAgentsOf(tx, tenantId)) });
    },
  });
}

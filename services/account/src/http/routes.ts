import { Router } from 'express';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { agentCrmRoutes } from '../agent-crm/agent-crm.routes';
import { accountRoutes } from './accounts.routes';
import { attachmentRoutes } from './attachments.routes';
import { contactRoutes } from './contacts.routes';
import { settingsRoutes } from './settings.routes';

export function accountServiceRoutes(deps: ServiceDeps): Router {
  return Router().use(accountRoutes(deps), contactRoutes(deps), attachmentRoutes(deps), settingsRoutes(deps), agentCrmRoutes(deps));
}

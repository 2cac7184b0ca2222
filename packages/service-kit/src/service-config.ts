import { z } from 'zod';
import {
  authFragment,
  databaseFragment,
  fieldEncryptionFragment,
  httpFragment,
  kafkaFragment,
  loadConfig,
  logFragment,
  payloadKeysFragment,
  temporalFragment,
} from '@agencyflow/config';
import type { ServiceName } from '@agencyflow/contracts';

export const defaultPorts: Record<ServiceName, number> = { account: 3001, policy: 3002, sales: 3003, finance: 3004 };

/** The config schema every service deployable shares; defaults are the local ones. */
export function serviceConfigSchema(service: ServiceName) {
  return z.object({
    ...httpFragment(defaultPorts[service]),
    ...databaseFragment(service),
    ...kafkaFragment,
    ...temporalFragment,
    ...payloadKeysFragment,
    ...authFragment,
    ...fieldEncryptionFragment,
    ...logFragment,
  });
}

export type ServiceConfig = z.infer<ReturnType<typeof serviceConfigSchema>>;

export const loadServiceConfig = (service: ServiceName, env: Record<string, string | undefined> = process.env) =>
  loadConfig(serviceConfigSchema(service), env);

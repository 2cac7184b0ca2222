/**
 * The system probe: an operator-started workflow that proves the whole chain works
 * (HTTP -> Temporal -> each service's activity worker -> its database -> back).
 */
export const serviceNames = ['account', 'policy', 'sales', 'finance'] as const;
export type ServiceName = (typeof serviceNames)[number];

export interface SystemProbeInput {
  probeId: string;
  tenantId: string;
  requestedBy: string;
  /** Free text the operator attaches; it travels through every payload (and is encrypted there). */
  note: string;
}

export interface ServiceProbeResult {
  service: ServiceName;
  databaseOk: boolean;
  echoedNote: string;
  checkedAt: string;
}

export interface SystemProbeResult {
  probeId: string;
  services: ServiceProbeResult[];
}

export interface SystemProbeProgress {
  checked: ServiceName[];
  pending: ServiceName[];
}

export const systemProbeWorkflowName = 'systemProbe';
export const systemProbeProgressQuery = 'progress';
export const systemProbeWorkflowId = (tenantId: string, probeId: string): string =>
  `system-probe/${tenantId}/${probeId}`;

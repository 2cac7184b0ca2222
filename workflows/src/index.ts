/**
 * Every workflow the `workflows` worker hosts. Only deterministic code is reachable from here:
 * @temporalio/workflow, @agencyflow/contracts/workflow and local pure helpers (lint enforces it).
 */
export { systemProbe } from './system-probe.workflow';

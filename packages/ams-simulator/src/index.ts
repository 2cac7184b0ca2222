export { startAmsSimulator, type AmsSimulator } from './server';
export { SimulatorStore, amsKinds, recordsOf, type AmsKind, type AmsRecord, type CallLogEntry, type TenantSettings } from './store';
export { faultKinds, type FaultConfig, type FaultKind } from './faults';

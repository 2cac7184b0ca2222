import { randomUUID } from 'node:crypto';
import type { FaultConfig, FaultKind } from './faults';

/** The four agency management systems the simulator plays (docs: /work/shared/AMS.md). */
export const amsKinds = ['ams360', 'qqcatalyst', 'nowcerts', 'hawksoft'] as const;
export type AmsKind = (typeof amsKinds)[number];

/**
 * A record as the simulator holds it, whatever the dialect: a customer (AMS360 Customer,
 * QQCatalyst contact, NowCerts insured, HawkSoft client) or a contact under one (CustomerContact,
 * related contact, principal). Each dialect maps its wire shape to and from this.
 */
export interface AmsRecord {
  /** The dialect's own id: a GUID (AMS360, NowCerts, HawkSoft) or an integer as text (QQCatalyst). */
  id: string;
  kind: 'customer' | 'contact';
  /** A contact's customer; it must exist when the contact is written (parent-must-exist). */
  parentId: string | null;
  /** AMS360 CustomerNumber / HawkSoft ClientNumber: an integer alternate key. */
  number: number | null;
  /** The client's own reference (AMS360 ExternalReference, QQCatalyst externalId), when it sent one. */
  externalRef: string | null;
  firstName: string;
  lastName: string;
  email: string | null;
  /** Digits only; AMS360 splits them into area code and number on the wire. */
  phone: string | null;
  active: boolean;
  sortOrder: number;
  /** When it last changed (ISO), as "changed since" reads it. */
  modified: string;
  deleted: boolean;
}

/** One API call as it arrived, in order: what a test or the benchmark reads back. */
export interface CallLogEntry {
  seq: number;
  at: string;
  tenant: string;
  dialect: AmsKind;
  method: string;
  path: string;
  /** What the simulator did with it. */
  outcome: 'ok' | 'unauthorized' | 'opted-out' | 'rate-limited' | FaultKind | 'validation' | 'not-found' | 'conflict' | 'refused-write';
  status: number | null;
  /** The record written or read, when there is one. */
  recordId?: string;
  /** The client's reference of the record written (externalRef / databaseId), when there is one. */
  ref?: string;
}

export interface TenantSettings {
  kind?: AmsKind;
  /** What the tenant's API user authenticates with; null accepts any credentials. */
  credentials?: string | null;
  /** Calls per second the AMS takes from this tenant before answering 429 (null: unlimited). */
  rateLimit?: number | null;
  /** HawkSoft: the agency opted out (every call answers 403). */
  optedOut?: boolean;
  faults?: FaultConfig;
  /** Faults for the next calls, in order, before the random ones apply (deterministic tests). */
  script?: FaultKind[];
}

export interface SimTenant extends Required<Omit<TenantSettings, 'kind'>> {
  id: string;
  kind: AmsKind | null;
  records: Map<string, AmsRecord>;
  /** Record ids in the order they were created. */
  order: string[];
  nextNumber: number;
  bucket: { tokens: number; at: number };
}

/** All tenants' records and the call log, in memory, in arrival order. */
export class SimulatorStore {
  readonly tenants = new Map<string, SimTenant>();
  readonly calls: CallLogEntry[] = [];
  private seq = 0;
  private clock = 0;
  defaultFaults: FaultConfig = {};

  tenant(id: string): SimTenant {
    let tenant = this.tenants.get(id);
    if (!tenant) {
      tenant = {
        id,
        kind: null,
        credentials: null,
        rateLimit: null,
        optedOut: false,
        faults: {},
        script: [],
        records: new Map(),
        order: [],
        nextNumber: 1000,
        bucket: { tokens: 0, at: 0 },
      };
      this.tenants.set(id, tenant);
    }
    return tenant;
  }

  configure(id: string, settings: TenantSettings): SimTenant {
    const tenant = this.tenant(id);
    if (settings.kind !== undefined) tenant.kind = settings.kind;
    if (settings.credentials !== undefined) tenant.credentials = settings.credentials;
    if (settings.rateLimit !== undefined) {
      tenant.rateLimit = settings.rateLimit;
      tenant.bucket = { tokens: settings.rateLimit ?? 0, at: Date.now() };
    }
    if (settings.optedOut !== undefined) tenant.optedOut = settings.optedOut;
    if (settings.faults !== undefined) tenant.faults = settings.faults;
    if (settings.script !== undefined) tenant.script = [...settings.script];
    return tenant;
  }

  log(entry: Omit<CallLogEntry, 'seq' | 'at'>): CallLogEntry {
    const logged = { seq: ++this.seq, at: new Date().toISOString(), ...entry };
    this.calls.push(logged);
    return logged;
  }

  /** A modification time strictly after the previous one: "changed since" never misses a write in the same millisecond. */
  now(): string {
    this.clock = Math.max(this.clock + 1, Date.now());
    return new Date(this.clock).toISOString();
  }

  insert(tenant: SimTenant, record: Omit<AmsRecord, 'id' | 'modified' | 'deleted' | 'number'> & { id?: string; number?: number | null; modified?: string }): AmsRecord {
    const id = record.id ?? randomUUID();
    const created: AmsRecord = { ...record, id, number: record.number ?? null, modified: record.modified ?? this.now(), deleted: false };
    tenant.records.set(id, created);
    tenant.order.push(id);
    return created;
  }

  update(record: AmsRecord, changes: Partial<Omit<AmsRecord, 'id' | 'kind'>>): AmsRecord {
    Object.assign(record, changes, { modified: changes.modified ?? this.now() });
    return record;
  }

  reset(): void {
    this.tenants.clear();
    this.calls.length = 0;
    this.defaultFaults = {};
  }
}

/** The records of a tenant in creation order. */
export const recordsOf = (tenant: SimTenant): AmsRecord[] => tenant.order.map((id) => tenant.records.get(id)!);

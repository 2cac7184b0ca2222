import type { IncomingHttpHeaders } from 'node:http';
import { validationMessage } from '../faults';
import type { AmsKind, AmsRecord, SimTenant, SimulatorStore } from '../store';

/** One API call to a dialect, after authentication, rate limiting and faults. */
export interface DialectCall {
  method: string;
  /** The path below `/<dialect>/<tenant>/`, split. */
  segments: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
  tenant: SimTenant;
  store: SimulatorStore;
}

/** What the dialect answers; `recordId`/`ref` go to the call log. */
export interface DialectAnswer {
  status: number;
  body?: unknown;
  recordId?: string;
  ref?: string;
}

export interface Dialect {
  kind: AmsKind;
  /** Whether the call writes (commit-then-drop applies to writes only). */
  isWrite(method: string): boolean;
  /** Whether the call carries the tenant's credentials (in this dialect's header). */
  authorized(headers: IncomingHttpHeaders, credentials: string): boolean;
  handle(call: DialectCall): DialectAnswer;
}

export const answer = (status: number, body?: unknown, logged: Pick<DialectAnswer, 'recordId' | 'ref'> = {}): DialectAnswer => ({ status, body, ...logged });
export const message = (status: number, text: string): DialectAnswer => ({ status, body: { Message: text } });
export const notFound = (what: string) => message(404, `${what} was not found.`);
export const bearer = (headers: IncomingHttpHeaders, credentials: string) => headers.authorization === `Bearer ${credentials}`;

/** The tenant's field rules over a record about to be written: a 400 in the AMS's words, or null. */
export function refusal(tenant: SimTenant, store: SimulatorStore, fields: { lastName?: string | null; email?: string | null }): DialectAnswer | null {
  const text = validationMessage({ ...store.defaultFaults, ...tenant.faults }, fields);
  return text ? message(400, text) : null;
}

/** A live record of the tenant of that kind, or undefined. */
export function live(tenant: SimTenant, id: string | undefined, kind: AmsRecord['kind']): AmsRecord | undefined {
  const record = id === undefined ? undefined : tenant.records.get(id);
  return record && record.kind === kind && !record.deleted ? record : undefined;
}

export const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
export const digits = (value: unknown): string | null => (typeof value === 'string' && value.replace(/\D/g, '').length > 0 ? value.replace(/\D/g, '') : null);

/** Records changed after `since` (ISO), oldest change first. */
export function changedSince(tenant: SimTenant, since: string | null, kind: AmsRecord['kind'], deleted = false): AmsRecord[] {
  const after = since ? Date.parse(since) : -Infinity;
  return [...tenant.records.values()]
    .filter((r) => r.kind === kind && r.deleted === deleted && Date.parse(r.modified) > after)
    .sort((a, b) => a.modified.localeCompare(b.modified));
}

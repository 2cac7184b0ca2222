/** An export that carried protected fields in the clear: who, for which tenant, with what criteria. */
export interface ProtectedDataExport {
  tenantId: string;
  actor: string;
  /** The protected columns it carried unmasked. */
  fields: readonly string[];
  /** The criteria as given (never protected values themselves: ranges of dates at most). */
  criteria: unknown;
  /** Where it went out, e.g. 'POST /individuals/search/csv'. */
  channel: string;
}

/**
 * The one call site for auditing an export of unmasked protected data: SR-1's CSV calls it before
 * the first row leaves, when the caller has `protected-data:view`.
 *
 * TODO(protected-data access log, issue 9): record the export in the protected-data access log.
 * Until that log exists this does nothing; it is wired where the log must be written.
 */
export async function onProtectedDataExported(_export: ProtectedDataExport): Promise<void> {}

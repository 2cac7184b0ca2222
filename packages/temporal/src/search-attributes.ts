import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const { IndexedValueType } = temporal.api.enums.v1;

/** The value types a search attribute can have, as infra/temporal-search-attributes.txt names them. */
const indexedTypes: Record<string, number> = {
  Text: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

export interface SearchAttributeSpec {
  name: string;
  type: string;
}

/** `NAME TYPE` per line, `#` comments (infra/temporal-search-attributes.txt, shared with infra/temporal.sh). */
export function parseSearchAttributeList(text: string): SearchAttributeSpec[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((line) => {
      const [name, type, extra] = line.split(/\s+/);
      if (!name || !type || extra !== undefined || !(type in indexedTypes)) throw new Error(`not "NAME TYPE" with a known type: ${line}`);
      return { name, type };
    });
}

/** A client or worker connection: both carry the operator service. */
export type OperatorConnection = Pick<Connection, 'operatorService'>;

/** The custom search attributes the namespace has, by name. */
async function registered(connection: OperatorConnection, namespace: string): Promise<Set<string>> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  return new Set(Object.keys(customAttributes ?? {}));
}

/** Which of `names` the namespace lacks (the start-up check: a deployment runs temporal:setup first). */
export async function missingSearchAttributes(connection: OperatorConnection, namespace: string, names: readonly string[]): Promise<string[]> {
  const present = await registered(connection, namespace);
  return names.filter((name) => !present.has(name));
}

/**
 * Registers the search attributes the namespace lacks, through the operator service (so it works
 * against any self-hosted cluster); returns those it added. Idempotent. Temporal Cloud refuses
 * this call: there they are added with tcld or the Cloud UI, and this says which are missing.
 */
export async function ensureSearchAttributes(connection: OperatorConnection, namespace: string, specs: SearchAttributeSpec[]): Promise<string[]> {
  const missing = await missingSearchAttributes(connection, namespace, specs.map((s) => s.name));
  if (missing.length === 0) return [];
  const searchAttributes = Object.fromEntries(specs.filter((s) => missing.includes(s.name)).map((s) => [s.name, indexedTypes[s.type]!]));
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (error) {
    const code = (error as { code?: number }).code;
    // 7 PERMISSION_DENIED, 12 UNIMPLEMENTED: a cluster (Temporal Cloud) that does not let clients add them.
    if (code === 7 || code === 12) {
      throw new Error(
        `the cluster does not let this client add search attributes; add them to namespace ${namespace} with tcld or the Temporal Cloud UI: ${specs
          .filter((s) => missing.includes(s.name))
          .map((s) => `${s.name} (${s.type})`)
          .join(', ')}`,
      );
    }
    throw error;
  }
  return missing;
}

/**
 * Why an event failed, in words safe to keep in a dead letter's headers and in logs: the error's
 * name, the database's SQLSTATE and constraint when there is one, and its message with every
 * quoted value and `(key)=(value)` pair masked, and cut before drizzle's "params:" list. A
 * failing statement's message can quote the values it refused (an email, a date of birth), and
 * a dead letter is kept until an operator acts, so no value may reach it.
 */
export function failureReason(error: unknown): string {
  const root = rootCause(error);
  const name = error instanceof Error ? error.name : typeof error;
  // SQLSTATE for the database, the protocol error's name for Kafka (MESSAGE_TOO_LARGE).
  const code = stringField(root, 'code') ?? stringField(root, 'type');
  const constraint = stringField(root, 'constraint_name') ?? stringField(root, 'constraint');
  const message = maskValues(firstLine(messageOf(root) ?? messageOf(error) ?? String(error)));
  const parts = [name, code && `[${code}]`, constraint && `constraint ${constraint}`, message].filter(Boolean);
  return parts.join(' ').slice(0, 500);
}

function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    const cause = current !== null && typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
    if (cause === undefined || cause === null) return current;
    current = cause;
  }
  return current;
}

const stringField = (value: unknown, field: string): string | undefined => {
  const found = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[field] : undefined;
  return typeof found === 'string' && found.length > 0 ? found : undefined;
};

const messageOf = (value: unknown): string | undefined => stringField(value, 'message');

/** drizzle's "Failed query: <sql>\nparams: <values>": the SQL names no values; the params do. */
const firstLine = (message: string): string => message.split(/\r?\n|\bparams:/)[0]!.trim();

function maskValues(message: string): string {
  return message
    .replace(/\(([^()]*)\)=\(([^()]*)\)/g, '($1)=(…)')
    // A name the database quotes after the kind of thing it is (relation "contacts") stays; any other quoted text is a value.
    .replace(/(\b(?:relation|constraint|column|table|index|type|function|schema|database|role|sequence)\s+)?"[^"]*"/g, (quoted, kind?: string) =>
      kind ? quoted : '"…"',
    )
    .replace(/'[^']*'/g, "'…'");
}

import postgres from 'postgres';

const identifier = /^[a-z][a-z0-9_]{0,62}$/;

function assertIdentifier(name: string): void {
  if (!identifier.test(name)) throw new Error(`Not a safe database name: ${name}`);
}

/** Replaces the database part of a connection URL. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates a database if it does not exist, optionally as a copy of a template. */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<boolean> {
  assertIdentifier(name);
  if (template) assertIdentifier(template);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const existing = await admin`select 1 from pg_database where datname = ${name}`;
    if (existing.length > 0) return false;
    await admin.unsafe(`create database ${name}${template ? ` template ${template}` : ''}`);
    return true;
  } catch (error) {
    // Two processes racing to create the same database: the loser sees 42P04 (duplicate_database).
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await admin.end({ timeout: 5 });
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertIdentifier(name);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

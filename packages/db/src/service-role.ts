import postgres from 'postgres';
import { sqlLiteral } from './sql-literal';

/**
 * The role a service connects as (X-3, docs/decisions/0023): it owns nothing, is no superuser and
 * cannot bypass row-level security, and holds only the rights to read and write the rows of its
 * own database. Migrations run as the owner (the admin URL), never as this role.
 */
export const serviceRoleName = (service: string): string => `agencyflow_${service}`;

/** The password of the service roles on a development or test cluster (loopback, trust auth). */
export const DEVELOPMENT_ROLE_PASSWORD = 'agencyflow-development';

/** A connection URL for the same database as `url`, as the service's role. */
export function serviceRoleUrl(url: string, service: string, password = DEVELOPMENT_ROLE_PASSWORD): string {
  const parsed = new URL(url);
  parsed.username = serviceRoleName(service);
  parsed.password = password;
  return parsed.toString();
}

/**
 * Creates the service's role if missing and grants it row rights on every table of the database
 * (now and, through default privileges, those later migrations add). Idempotent; run as the owner.
 */
export async function ensureServiceRole(databaseUrl: string, service: string, password = DEVELOPMENT_ROLE_PASSWORD): Promise<void> {
  const role = serviceRoleName(service);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [existing] = await sql`select 1 from pg_roles where rolname = ${role}`;
    if (!existing) {
      try {
        await sql.unsafe(`create role ${role} login nosuperuser nobypassrls nocreatedb nocreaterole password ${sqlLiteral(password)}`);
      } catch (error) {
        // Two processes creating the same role: the loser sees 42710 (duplicate_object).
        if ((error as { code?: string }).code !== '42710') throw error;
      }
    } else if (password !== DEVELOPMENT_ROLE_PASSWORD) {
      // A deployment's password (db:migrate): set on every run, so rotating the secret and rerunning the job rotates it.
      await sql.unsafe(`alter role ${role} password ${sqlLiteral(password)}`);
    }
    const [row] = await sql<{ database: string }[]>`select current_database() as database`;
    const database = row!.database;
    await sql.unsafe(`grant connect, temporary on database "${database}" to ${role}`);
    await sql.unsafe(`grant usage on schema public to ${role}`);
    await sql.unsafe(`grant select, insert, update, delete on all tables in schema public to ${role}`);
    await sql.unsafe(`grant usage, select, update on all sequences in schema public to ${role}`);
    await sql.unsafe(`grant execute on all functions in schema public to ${role}`);
    await sql.unsafe(`alter default privileges in schema public grant select, insert, update, delete on tables to ${role}`);
    await sql.unsafe(`alter default privileges in schema public grant usage, select, update on sequences to ${role}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Whether the connected role escapes row-level security (a superuser or BYPASSRLS): never a service's role. */
export async function bypassesRowSecurity(sql: postgres.Sql): Promise<boolean> {
  const [row] = await sql<{ bypasses: boolean }[]>`select (rolsuper or rolbypassrls) as bypasses from pg_roles where rolname = current_user`;
  return row?.bypasses ?? true;
}

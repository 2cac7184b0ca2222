import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** A table as SQL names it, and the drizzle table variable that code writes it through. */
export interface OwnedTable {
  sql: string;
  drizzle: string;
}

/**
 * The source files under `srcDir` that write `table`: raw SQL (`insert into`, `update`,
 * `delete from`, `copy ... from`) or drizzle (`.insert(x)`, `.update(x)`, `.delete(x)`). Paths
 * are relative to `srcDir`. A store-ownership test asserts this is exactly the store's file(s).
 */
export function filesWritingTable(srcDir: string, table: OwnedTable): string[] {
  const raw = new RegExp(`\\b(insert\\s+into|update|delete\\s+from|copy)\\s+${table.sql}\\b`, 'i');
  const orm = new RegExp(`\\.(insert|update|delete)\\(\\s*${table.drizzle}\\s*\\)`);
  return sourceFiles(srcDir)
    .filter((file) => {
      const text = readFileSync(file, 'utf8');
      return raw.test(text) || orm.test(text);
    })
    .map((file) => path.relative(srcDir, file))
    .sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

/** What a store-ownership check finds: every list empty when each table is written by its store(s) only. */
export interface StoreOwnershipFindings {
  /** Tables no store is named for, and names of tables the service does not have. */
  unowned: string[];
  /** "file writes table, which only ... may write". */
  strangers: string[];
  /** Tables none of whose stores is seen writing them: the check itself would be blind to them. */
  unseen: string[];
}

/**
 * ARCHITECTURE "Inside a service": checks that each of the service's tables is written only by its
 * store: a file or a folder's files (relative to `srcDir`), or the few named where an aggregate is
 * written set-based by another one's work (decided per service and said in its stores).
 */
export function storeOwnership(srcDir: string, tables: OwnedTable[], owners: Record<string, string | string[]>): StoreOwnershipFindings {
  const storesOf = (table: OwnedTable) => [owners[table.sql] ?? []].flat();
  const inStore = (table: OwnedTable) => (file: string) => storesOf(table).some((store) => file.startsWith(store));
  const names = new Set(tables.map((t) => t.sql));
  return {
    unowned: [...tables.filter((t) => storesOf(t).length === 0).map((t) => t.sql), ...Object.keys(owners).filter((name) => !names.has(name))].sort(),
    strangers: tables.flatMap((table) =>
      filesWritingTable(srcDir, table)
        .filter((file) => !inStore(table)(file))
        .map((file) => `${file} writes ${table.sql}, which only ${storesOf(table).join(' or ')} may write`),
    ),
    unseen: tables.filter((table) => storesOf(table).length > 0 && !filesWritingTable(srcDir, table).some(inStore(table))).map((t) => t.sql),
  };
}

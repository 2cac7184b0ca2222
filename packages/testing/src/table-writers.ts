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

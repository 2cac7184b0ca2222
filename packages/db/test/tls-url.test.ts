import { describe, expect, it } from 'vitest';
import { createDatabase } from '../src';

/**
 * PostgreSQL TLS is set in the connection URL (decision 0035): `sslmode=verify-full` makes the
 * client insist on TLS with a verified certificate. The local test server has TLS off, so a URL
 * that asks for it must fail to connect instead of falling back to plaintext.
 */
const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const withSslMode = (mode: string) => {
  const url = new URL(adminUrl);
  url.searchParams.set('sslmode', mode);
  return url.toString();
};

describe('DATABASE_URL with sslmode', () => {
  it('verify-full never falls back to a plaintext connection', async () => {
    const database = createDatabase({ url: withSslMode('verify-full'), schema: {}, max: 1 });
    try {
      await expect(database.sql`select 1`).rejects.toThrow(/SSL|TLS|certificate/i);
    } finally {
      await database.close();
    }
  });

  it('disable connects in plaintext (the local server)', async () => {
    const database = createDatabase({ url: withSslMode('disable'), schema: {}, max: 1 });
    try {
      const [row] = await database.sql<{ ok: number }[]>`select 1 as ok`;
      expect(row?.ok).toBe(1);
    } finally {
      await database.close();
    }
  });
});

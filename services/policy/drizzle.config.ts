import { defineConfig } from 'drizzle-kit';

// `npm run db:generate -w services/policy` writes a new migration.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './migrations',
});

import { defineConfig } from 'drizzle-kit';

// `db:generate` only diffs schema.ts against the committed snapshots; it needs no database.
// `db:studio` uses DATABASE_URL, or the embedded PGlite folder when it is not set.
const url = process.env.DATABASE_URL;

export default defineConfig({
  schema: './db/schema.ts',
  out: './db/migrations',
  dialect: 'postgresql',
  casing: 'snake_case',
  ...(url
    ? { dbCredentials: { url } }
    : { driver: 'pglite', dbCredentials: { url: process.env.PGLITE_DIR ?? '.data/pglite' } }),
});

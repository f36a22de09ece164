import { defineConfig } from 'drizzle-kit';

// `db:generate` needs no database; `db:studio` is pointed at one by scripts/db.ts through DATABASE_URL.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres' },
  strict: true,
  verbose: true,
});

// Schema and data lifecycle shared by `npm run dev`, the db:* scripts and the test harness.
import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import * as schema from '../src/db/schema';
import { seedDemoData } from './seed/demo';
import { seedReferenceData } from './seed/reference';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));

export type ScriptDatabase = NodePgDatabase<typeof schema>;

/** Runs `work` with a Drizzle client over node-postgres (scripts run in Node, next to the database). */
export async function withDatabase<T>(url: string, work: (db: ScriptDatabase) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(drizzle({ client, schema }));
  } finally {
    await client.end();
  }
}

/** Creates the database named in `url` if it does not exist yet (local servers only). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function migrateDatabase(url: string): Promise<void> {
  await withDatabase(url, (db) => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }));
}

export interface SeedResult {
  demoSeeded: boolean;
}

/** Reference data always (idempotent); demo data only into an empty database. */
export async function seedDatabase(url: string, { demo }: { demo: boolean }): Promise<SeedResult> {
  return withDatabase(url, (db) =>
    db.transaction(async (tx) => {
      await seedReferenceData(tx);
      if (!demo) return { demoSeeded: false };
      const [{ count }] = (await tx.execute(sql`select count(*)::int as count from companies`)).rows as [{ count: number }];
      if (count > 0) return { demoSeeded: false };
      await seedDemoData(tx);
      return { demoSeeded: true };
    }),
  );
}

/** Drops everything (tables, enums, migration history) so that migrate starts from nothing. */
export async function dropEverything(url: string): Promise<void> {
  await withDatabase(url, async (db) => {
    await db.execute(sql`drop schema if exists drizzle cascade`);
    await db.execute(sql`drop schema public cascade`);
    await db.execute(sql`create schema public`);
  });
}

import { randomUUID } from 'node:crypto';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { SqlRunner } from '../../src/companies/companies.queries';
import { inject } from 'vitest';
import { PG_USER } from '../../scripts/local-postgres';
import { TEMPLATE_DATABASE } from './harness-context';

export interface TestDatabase {
  name: string;
  url: string;
  /** Direct SQL for arranging data and checking what was really written. */
  query<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Drizzle over the same connection, to call the app's own data functions (e.g. createCompany). */
  drizzle: SqlRunner;
  drop(): Promise<void>;
}

export function postgresUrl(database: string): string {
  const { postgresPort, postgresPassword } = inject('harness');
  return `postgres://${PG_USER}:${encodeURIComponent(postgresPassword)}@127.0.0.1:${postgresPort}/${database}`;
}

async function asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for one test file (~50 ms: a copy of the template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await asAdmin(async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`create database ${name} template ${TEMPLATE_DATABASE}`);
        return;
      } catch (err) {
        // Two files cloning at the same instant can briefly see the template "in use".
        if (attempt >= 20 || (err as { code?: string }).code !== '55006') throw err;
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
      }
    }
  });
  const url = postgresUrl(name);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    name,
    url,
    drizzle: drizzle({ client: pool }),
    async query(text, params) {
      return (await pool.query(text, params)).rows;
    },
    async drop() {
      await pool.end();
      await asAdmin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

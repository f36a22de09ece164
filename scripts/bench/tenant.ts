// A company with one salesperson, made directly in the database, and signed in over HTTP.
import pg from 'pg';
import { hashPassword } from '../../src/auth/password';
import { drizzle } from 'drizzle-orm/node-postgres';
import { createCompany } from '../../src/companies/companies.queries';
import type { RunningWorker } from '../worker-runtime';

export const BENCH_PASSWORD = 'bench2026';
let passwordHash: Promise<string> | undefined;

export async function benchTenant(databaseUrl: string, worker: RunningWorker, name: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const company = await createCompany(drizzle({ client }), { companyName: name, companyCode: name, preset: 'classic' });
    const email = `${name.toLowerCase()}@example.com`;
    const { rows: [user] } = await client.query(
      `insert into users (name, email, password_hash, employee_number, phone_number, company_id) values ('벤치', $1, $2, 'B1', '010-0000-0000', $3) returning id`,
      [email, await (passwordHash ??= hashPassword(BENCH_PASSWORD)), company.id],
    );
    const login = await worker.fetch('/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: BENCH_PASSWORD }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    return { companyId: company.id, userId: user.id as number, email, token: accessToken, query: (text: string, params: unknown[]) => client.query(text, params), close: () => client.end() };
  } catch (err) {
    await client.end();
    throw err;
  }
}

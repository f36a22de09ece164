// A company with one salesperson, made directly in the database, and signed in over HTTP.
import pg from 'pg';
import { hashPassword } from '../../src/auth/password';
import { drizzle } from 'drizzle-orm/node-postgres';
import { createCompany } from '../../src/companies/companies.queries';
import { startWorkerRuntime, type RunningWorker } from '../worker-runtime';
import type { LocalStack } from '../local-stack';
import type { Config } from '../../src/app/config';
import { signAccessToken } from '../../src/auth/tokens';
import { devSecrets } from '../dev-secrets';

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

/**
 * `count` more staff of the tenant's company, each with a live session and an access token, made directly in the
 * database (signing in 500 people over HTTP would measure password hashing): one socket per person, as in an office.
 */
export async function benchColleagues(tenant: Awaited<ReturnType<typeof benchTenant>>, count: number): Promise<string[]> {
  const { rows } = (await tenant.query(
    `with made as (
       insert into users (name, email, password_hash, employee_number, phone_number, company_id)
       select '동료' || g, 'colleague' || g || '-' || $1::int || '@example.com', u.password_hash, 'C' || g, '010-0000-0000', $1::int
       from generate_series(1, $2::int) g, users u where u.id = $3::int
       returning id
     ), opened as (
       insert into sessions (id, user_id, company_id, expires_at)
       select gen_random_uuid(), id, $1::int, now() + interval '1 day' from made
       returning id, user_id
     )
     select o.id as session_id, o.user_id, '동료' || o.user_id as name from opened o`,
    [tenant.companyId, count, tenant.userId],
  )) as { rows: { session_id: string; user_id: number; name: string }[] };
  const config = { JWT_SECRET: devSecrets().JWT_SECRET!, JWT_ISSUER: 'carmate-edge', JWT_AUDIENCE: 'carmate-edge-api', ACCESS_TOKEN_TTL_SECONDS: 3600 } as Config;
  return Promise.all(
    rows.map((r) => signAccessToken(config, { userId: r.user_id, companyId: tenant.companyId, isAdmin: false, role: 'staff', sessionId: r.session_id, name: r.name })),
  );
}

/**
 * A benchmark's own world: a fresh database cloned from the template, the production bundle on workerd in front of
 * it, and one signed-in salesperson of a new company. `close()` stops the Worker and the tenant's connection.
 */
export async function benchCompany(stack: LocalStack, database: string, name: string) {
  const databaseUrl = await stack.createDatabase(database);
  const worker = await startWorkerRuntime({ scriptPath: stack.workerScript, gatewayUrl: stack.gateway.url, databaseUrl });
  const tenant = await benchTenant(databaseUrl, worker, name).catch(async (err) => {
    await worker.close();
    throw err;
  });
  return {
    databaseUrl,
    worker,
    tenant,
    async close() {
      await tenant.close();
      await worker.close();
    },
  };
}

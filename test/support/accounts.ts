// Arranging tenants and people for tests: straight into the database (fast), then used over HTTP like a client.
import { hashPassword } from '../../src/auth/password';
import { createCompany as createCompanyWithBoard } from '../../src/companies/companies.queries';
import type { PipelinePreset } from '../../src/pipeline/presets';
import type { TestDatabase } from './database';
import { readJson } from './http';
import type { TestWorker } from './worker';

export const PASSWORD = 'carmate2026';

let sequence = 0;
const unique = () => `${process.pid}${++sequence}`;

export async function createCompany(db: TestDatabase, options: { name?: string; code?: string; preset?: PipelinePreset } = {}) {
  const n = unique();
  const name = options.name ?? `테스트상사${n}`;
  const code = options.code ?? `CODE${n}`;
  const company = await createCompanyWithBoard(db.drizzle, { companyName: name, companyCode: code, preset: options.preset ?? 'classic' });
  return { id: company.id, name, code };
}

const hashes = new Map<string, Promise<string>>();

export async function createUser(
  db: TestDatabase,
  companyId: number,
  options: { email?: string; password?: string; isAdmin?: boolean; role?: 'staff' | 'manager'; name?: string; employeeNumber?: string } = {},
) {
  const n = unique();
  const password = options.password ?? PASSWORD;
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  const email = options.email ?? `user${n}@example.com`;
  const [user] = await db.query<{ id: number }>(
    `insert into users (name, email, password_hash, employee_number, phone_number, is_admin, role, company_id)
     values ($1, $2, $3, $4, '010-1234-5678', $5, $6, $7) returning id`,
    [options.name ?? `직원${n}`, email, await hashes.get(password), options.employeeNumber ?? `E${n}`, options.isAdmin ?? false, options.role ?? 'staff', companyId],
  );
  return { id: user!.id, email, password, companyId };
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: number; company: { id: number; companyName: string }; isAdmin: boolean };
}

export async function signIn(api: TestWorker, email: string, password = PASSWORD): Promise<Session> {
  const res = await api.fetch('/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return readJson(res);
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** JSON request init, optionally as a signed-in caller. */
export function jsonRequest(method: string, body?: unknown, token?: string): RequestInit {
  return {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? bearer(token) : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
}

/** A company with a salesperson and a service administrator in it, all signed in. */
export async function tenantWithAdmin(api: TestWorker, db: TestDatabase) {
  const company = await createCompany(db);
  const staff = await createUser(db, company.id);
  const admin = await createUser(db, company.id, { isAdmin: true });
  const [staffSession, adminSession] = await Promise.all([signIn(api, staff.email), signIn(api, admin.email)]);
  return { company, staff, admin, staffToken: staffSession.accessToken, adminToken: adminSession.accessToken };
}

/** Posts a file as the browser's multipart form does (field `file`), with any text fields first. */
export function uploadFile(
  api: TestWorker,
  path: string,
  token: string,
  content: string | Uint8Array,
  options: { filename?: string; type?: string; field?: string; fields?: Record<string, string> } = {},
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
  form.append(options.field ?? 'file', new Blob([content], { type: options.type ?? 'text/csv' }), options.filename ?? 'upload.csv');
  return api.fetch(path, { method: 'POST', headers: bearer(token), body: form });
}

/** A signed-in salesperson of a fresh company. */
export async function salesperson(api: TestWorker, db: TestDatabase, options: { preset?: PipelinePreset } = {}) {
  const company = await createCompany(db, options);
  const user = await createUser(db, company.id);
  const session = await signIn(api, user.email);
  return { company, user, token: session.accessToken };
}

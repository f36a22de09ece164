import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { rowsOf } from '../db/errors';
import { newestPage } from '../db/paging';
import { assignments } from '../db/writes';
import { refreshTokens, users } from '../db/schema';
import { containsPattern } from '../app/pagination';
import { userInfoColumns, type UserInfoRow } from './user-info';

export interface SignUp {
  name: string;
  email: string;
  employeeNumber: string;
  phoneNumber: string;
  passwordHash: string;
  companyName: string;
  companyCode: string;
}

/** Creates the user in the company named by both name and code; undefined when no company matches both. */
export async function insertUserIntoCompany(db: Database, input: SignUp): Promise<UserInfoRow | undefined> {
  const result = await db.execute(sql`
    with c as (
      select id, company_name, company_code from companies
      where company_name = ${input.companyName} and company_code = ${input.companyCode}
    ), u as (
      insert into users (name, email, password_hash, employee_number, phone_number, company_id)
      select ${input.name}, ${input.email}, ${input.passwordHash}, ${input.employeeNumber}, ${input.phoneNumber}, c.id from c
      returning *
    )
    select ${sql.raw(userInfoColumns)} from u join c on c.id = u.company_id`);
  return rowsOf<UserInfoRow>(result)[0];
}

export async function findUserInfo(db: Database, companyId: number, userId: number): Promise<UserInfoRow | undefined> {
  const result = await db.execute(sql`
    select ${sql.raw(userInfoColumns)} from users u join companies c on c.id = u.company_id
    where u.id = ${userId} and u.company_id = ${companyId}`);
  return rowsOf<UserInfoRow>(result)[0];
}

export async function findPasswordHash(db: Database, companyId: number, userId: number): Promise<string | undefined> {
  const [row] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.companyId, companyId)));
  return row?.passwordHash;
}

const profileColumns: Record<keyof ProfileChanges, string> = {
  name: 'name',
  employeeNumber: 'employee_number',
  phoneNumber: 'phone_number',
  imageUrl: 'image_url',
  passwordHash: 'password_hash',
};

export type ProfileChanges = {
  name?: string;
  employeeNumber?: string;
  phoneNumber?: string;
  imageUrl?: string | null;
  passwordHash?: string;
};

/**
 * Applies profile changes and returns the new UserInfo in one round trip. A password change also signs out every
 * other session of the user (the current one, `keepSessionId`, stays), atomically with the change.
 */
export async function updateProfile(
  db: Database,
  caller: { companyId: number; userId: number; sessionId: string },
  changes: ProfileChanges,
): Promise<UserInfoRow | undefined> {
  const update = db.execute(sql`
    with u as (
      update users set ${assignments(changes, profileColumns)}
      where id = ${caller.userId} and company_id = ${caller.companyId}
      returning *
    )
    select ${sql.raw(userInfoColumns)} from u join companies c on c.id = u.company_id`);
  if (!changes.passwordHash) return rowsOf<UserInfoRow>(await update)[0];
  const signOutOthers = db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.userId, caller.userId), ne(refreshTokens.familyId, caller.sessionId), sql`${refreshTokens.revokedAt} is null`));
  const [updated] = await db.batch([update, signOutOthers]);
  return rowsOf<UserInfoRow>(updated)[0];
}

export type DeleteOutcome = 'deleted' | 'not_found' | 'last_admin';

/** Deletes a user unless they are the last administrator (the service would have nobody to run it). */
export async function deleteUser(db: Database, userId: number, scope: { companyId?: number }): Promise<DeleteOutcome> {
  const result = await db.execute(sql`
    with target as (
      select id, is_admin from users where id = ${userId} ${scope.companyId === undefined ? sql`` : sql`and company_id = ${scope.companyId}`}
    ), deleted as (
      delete from users where id in (
        select id from target t where not t.is_admin or exists (select 1 from users o where o.is_admin and o.id <> t.id)
      ) returning id
    )
    select (select count(*)::int from target) as found, (select count(*)::int from deleted) as deleted`);
  const { found, deleted } = rowsOf<{ found: number; deleted: number }>(result)[0]!;
  return deleted ? 'deleted' : found ? 'last_admin' : 'not_found';
}

export type UserListRow = {
  id: number;
  name: string;
  email: string;
  employee_number: string;
  phone_number: string;
  company_name: string;
  total: number;
};

export const userSearchColumns = { companyName: sql.raw('c.company_name'), name: sql.raw('u.name'), email: sql.raw('u.email') };

/** A page of users across companies (administrators), with the total in the same round trip. */
export async function listUsers(
  db: Database,
  query: { page: number; pageSize: number; searchBy: keyof typeof userSearchColumns; keyword: string },
): Promise<{ rows: UserListRow[]; total: number }> {
  const where = query.keyword ? sql`${userSearchColumns[query.searchBy]} ilike ${containsPattern(query.keyword)}` : sql`true`;
  const from = sql`users u join companies c on c.id = u.company_id`;
  return newestPage<UserListRow>(
    db,
    { ...query, from, where, id: sql`u.id` },
    sql`select u.id, u.name, u.email, u.employee_number, u.phone_number, c.company_name, page.total
        from page join ${from} on u.id = page.id order by u.id desc`,
  );
}

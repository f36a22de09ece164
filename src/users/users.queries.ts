import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import { attemptCtes, forgiveAttempts, lockAttempt, type Attempt, type ThrottleState } from '../auth/throttle';
import { contains } from '../db/search';
import type { Database } from '../db/client';
import { rowsOf } from '../db/errors';
import { newestPage } from '../db/paging';
import { assignments } from '../db/writes';
import { sessions, users } from '../db/schema';
import type { UserRole } from '../db/schema/enums';
import { queueObjects } from '../files/object-deletions';
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

/**
 * Whether a sign-up may try this company name and code (throttled per company name and per IP, counted only when
 * they do not match), and the company if they match. One round trip, before any password is hashed.
 */
export async function checkSignUpCompany(db: Database, attempt: Attempt & { companyCode: string }) {
  const match = sql`exists (select 1 from companies where company_name = ${attempt.subject} and company_code = ${attempt.companyCode})`;
  const [, result] = await db.batch([
    lockAttempt(db, attempt),
    db.execute(sql`with ${attemptCtes(attempt, sql`not ${match}`)} select attempt_state.*, ${match} as matches from attempt_state`),
  ]);
  return rowsOf<ThrottleState & { matches: boolean }>(result)[0]!;
}

/** The caller's password hash, with this current-password attempt counted first (throttled per user). */
export async function reservePasswordAttempt(db: Database, caller: { companyId: number; userId: number }, ip: string) {
  const attempt = { kind: 'password', subject: String(caller.userId), ip } as const;
  const [, result] = await db.batch([
    lockAttempt(db, attempt),
    db.execute(sql`
      with ${attemptCtes(attempt)}
      select attempt_state.*, u.password_hash from attempt_state
      left join users u on u.id = ${caller.userId} and u.company_id = ${caller.companyId}`),
  ]);
  return rowsOf<ThrottleState & { password_hash: string | null }>(result)[0]!;
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
 * Applies profile changes and returns the new UserInfo in one round trip; the current password was proven, so its
 * failed attempts are forgiven. A password change also ends every other session of the user (the current one
 * stays), atomically with the change.
 */
export async function updateProfile(
  db: Database,
  caller: { companyId: number; userId: number; sessionId: string },
  changes: ProfileChanges,
): Promise<{ row: UserInfoRow | undefined; endedSessionIds: string[] }> {
  // A replaced profile picture the user uploaded (and nobody else shows) goes, its file queued for the Cron job.
  const replacedImage =
    changes.imageUrl === undefined
      ? sql``
      : sql`, old as (select image_url from users where id = ${caller.userId}),
        replaced as (
          delete from uploaded_images i using old, u
          where ${sameImage(sql`i.image_url`, sql`old.image_url`)} and not ${sameImage(sql`old.image_url`, sql`u.image_url`)}
            and i.company_id = u.company_id and i.uploaded_by = u.id
            and not exists (select 1 from users o where o.company_id = u.company_id and ${sameImage(sql`o.image_url`, sql`old.image_url`)} and o.id <> u.id)
          returning i.file_path
        ), replaced_file as (${queueObjects(sql`select file_path from replaced`)})`;
  const update = db.execute(sql`
    with u as (
      update users set ${assignments(changes, profileColumns)}
      where id = ${caller.userId} and company_id = ${caller.companyId}
      returning *
    )${replacedImage}
    select ${sql.raw(userInfoColumns)} from u join companies c on c.id = u.company_id`);
  const forgive = forgiveAttempts(db, 'password', String(caller.userId));
  if (!changes.passwordHash) return { row: rowsOf<UserInfoRow>((await db.batch([update, forgive]))[0])[0], endedSessionIds: [] };
  const endOthers = db
    .delete(sessions)
    .where(and(eq(sessions.userId, caller.userId), ne(sessions.id, caller.sessionId)))
    .returning({ id: sessions.id });
  const [updated, , ended] = await db.batch([update, forgive, endOthers]);
  return { row: rowsOf<UserInfoRow>(updated)[0], endedSessionIds: ended.map((s) => s.id) };
}

// Taken before anything that could remove the last administrator or a company's last manager, so two such
// changes at the same instant happen one after the other and the second sees the first (no snapshot race).
const lockAdministrators = sql`pg_advisory_xact_lock(hashtextextended('carmate:administrators', 0))`;
const lockManagersOf = (companyId: SQL) => sql`pg_advisory_xact_lock(hashtextextended('carmate:managers:' || ${companyId}, 0))`;

export type DeleteOutcome = { outcome: 'deleted'; companyId: number; sessionIds: string[] } | { outcome: 'not_found' | 'last_admin' | 'last_manager' };

/**
 * The first statement of a batch that changes who runs the service or a company: the advisory locks, and the
 * user's row, so a sign-in in flight either commits first (and the next statement sees its session) or waits.
 */
function lockWhoRuns(db: Database, userId: number) {
  // The service-wide lock only when an administrator could be the last one.
  return db.execute(sql`select case when is_admin then ${lockAdministrators}::text end, ${lockManagersOf(sql`company_id::text`)}
    from users where id = ${userId} for update`);
}

/**
 * Deletes a user (their sessions go with them) unless they are the last administrator of the service or the last
 * manager of a company that has other people. Race-free: the batch first takes the locks above.
 */
export async function deleteUser(db: Database, userId: number, scope: { companyId?: number }): Promise<DeleteOutcome> {
  const [, result] = await db.batch([
    lockWhoRuns(db, userId),
    db.execute(sql`
      with target as (
        select id, is_admin, role, company_id from users where id = ${userId} ${scope.companyId === undefined ? sql`` : sql`and company_id = ${scope.companyId}`}
      ), refusal as (
        select case
          when t.is_admin and not exists (select 1 from users o where o.is_admin and o.id <> t.id) then 'last_admin'
          when ${onlyManager(sql`t`)} and ${hasColleagues(sql`t`)} then 'last_manager'
        end as reason from target t
      ), deleted as (
        delete from users where id in (select id from target) and not exists (select 1 from refusal where reason is not null)
        returning id, company_id, image_url
      ), profile_image as (
        -- The profile picture goes with the account: one the user uploaded, unless a colleague shows it too.
        delete from uploaded_images i using deleted d
        where ${sameImage(sql`i.image_url`, sql`d.image_url`)} and i.company_id = d.company_id and i.uploaded_by = d.id
          and not exists (select 1 from users o where o.company_id = d.company_id and ${sameImage(sql`o.image_url`, sql`d.image_url`)} and o.id <> d.id)
        returning i.file_path
      ), profile_file as (${queueObjects(sql`select file_path from profile_image`)})
      select coalesce((select 'deleted' from deleted), (select reason from refusal), 'not_found') as outcome,
        (select company_id from deleted) as "companyId",
        -- Complete: a sign-in in flight committed before the lock above, or waits and then finds no account.
        (select coalesce(json_agg(s.id), '[]') from sessions s where s.user_id in (select id from deleted)) as "sessionIds"`),
  ]);
  return rowsOf<DeleteOutcome>(result)[0]!;
}

/**
 * SQL: two image URLs name the same image of this API: the same company and file id, whatever host, extension
 * spelling, query or fragment they were written with.
 */
export const sameImage = (a: SQL, b: SQL) => sql`coalesce(substring(${a} from '/images/[0-9]+/[0-9a-f-]{36}') = substring(${b} from '/images/[0-9]+/[0-9a-f-]{36}'), false)`;

/** `t` (a user row) is their company's only manager. */
const onlyManager = (t: SQL) => sql`${t}.role = 'manager' and not exists (select 1 from users o where o.company_id = ${t}.company_id and o.role = 'manager' and o.id <> ${t}.id)`;
/** `t` has colleagues (a company without anyone left needs no manager). */
const hasColleagues = (t: SQL) => sql`exists (select 1 from users o where o.company_id = ${t}.company_id and o.id <> ${t}.id)`;

export type RoleOutcome = { outcome: 'changed'; companyId: number; row: UserInfoRow; sessionIds: string[] } | { outcome: 'not_found' | 'last_manager' };

/**
 * Sets a user's role (within `scope.companyId`, and never a service administrator's, unless an administrator acts)
 * and, when it changed, ends all of the user's sessions, so no token carries the old role. A company's last manager
 * cannot be demoted. Race-free like deleteUser.
 */
export async function setUserRole(db: Database, userId: number, role: UserRole, scope: { companyId?: number }): Promise<RoleOutcome> {
  const [, result] = await db.batch([
    lockWhoRuns(db, userId),
    db.execute(sql`
      with target as (
        select id, role, company_id from users where id = ${userId} ${scope.companyId === undefined ? sql`` : sql`and company_id = ${scope.companyId} and not is_admin`}
      ), refused as (
        select 1 from target t where ${role} <> 'manager' and ${onlyManager(sql`t`)}
      ), changed as (
        update users set role = ${role}, updated_at = now() where id in (select id from target) and not exists (select 1 from refused)
          and role <> ${role}
        returning *
      ), ended as (
        delete from sessions where user_id in (select id from changed) returning id
      ), result as (
        select ${sql.raw(userInfoColumns)} from changed u join companies c on c.id = u.company_id
        union all
        select ${sql.raw(userInfoColumns)} from users u join companies c on c.id = u.company_id
        where u.id in (select id from target) and u.role = ${role}
      )
      select case when exists (select 1 from refused) then 'last_manager' when exists (select 1 from result) then 'changed' else 'not_found' end as outcome,
        (select company_id from target) as "companyId", (select row_to_json(r) from result r limit 1) as row,
        (select coalesce(json_agg(id), '[]') from ended) as "sessionIds"`),
  ]);
  return rowsOf<RoleOutcome>(result)[0]!;
}

export type UserListRow = {
  id: number;
  name: string;
  email: string;
  employee_number: string;
  phone_number: string;
  role: UserRole;
  company_name: string;
  total: number;
};

export const userSearchColumns = { companyName: sql.raw('c.company_name'), name: sql.raw('u.name'), email: sql.raw('u.email') };

/** A page of users across companies (administrators), with the total in the same round trip. */
export async function listUsers(
  db: Database,
  query: { page: number; pageSize: number; searchBy: keyof typeof userSearchColumns; keyword: string },
): Promise<{ rows: UserListRow[]; total: number; capped: boolean }> {
  const where = query.keyword ? contains(userSearchColumns[query.searchBy], query.keyword) : sql`true`;
  const from = sql`users u join companies c on c.id = u.company_id`;
  return newestPage<UserListRow>(
    db,
    { ...query, from, where, id: sql`u.id` },
    sql`select u.id, u.name, u.email, u.employee_number, u.phone_number, u.role, c.company_name, page.total
        from page join ${from} on u.id = page.id order by u.id desc`,
  );
}

export const colleagueSearchColumns = { name: sql.raw('u.name'), email: sql.raw('u.email') };

/** A page of one company's users, with the total in the same round trip. */
export async function listColleagues(
  db: Database,
  companyId: number,
  query: { page: number; pageSize: number; searchBy: keyof typeof colleagueSearchColumns; keyword: string },
): Promise<{ rows: Omit<UserListRow, 'company_name'>[]; total: number; capped: boolean }> {
  const keyword = query.keyword ? contains(colleagueSearchColumns[query.searchBy], query.keyword) : sql`true`;
  return newestPage(
    db,
    { ...query, from: sql`users u`, where: sql`u.company_id = ${companyId} and ${keyword}`, id: sql`u.id` },
    sql`select u.id, u.name, u.email, u.employee_number, u.phone_number, u.role, page.total
        from page join users u on u.id = page.id order by u.id desc`,
  );
}

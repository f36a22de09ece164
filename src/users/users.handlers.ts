import type { RouteHandler } from '@hono/zod-openapi';
import { AppError } from '../app/errors';
import { pageOf } from '../app/pagination';
import type { AppEnv } from '../app/types';
import { hashPassword, verifyPassword } from '../auth/password';
import { clientIp, refuseIfThrottled } from '../auth/throttle';
import { endSessions, nudgeBoard } from '../live/board-room';
import { violatedUniqueConstraint } from '../db/errors';
import { toUserInfo } from './user-info';
import type { deleteMe, deleteUser, getMe, listColleagues, listUsers, setRole, signUp, updateMe } from './users.routes';
import * as queries from './users.queries';

const ACCOUNT_GONE = '사용자를 찾을 수 없습니다 (the account no longer exists)';

/** Turns a unique violation on users into the 409 a person understands. */
function duplicateUser(error: unknown): never {
  const constraint = violatedUniqueConstraint(error);
  if (constraint === 'users_email_unique') throw new AppError('CONFLICT', '이미 가입된 이메일입니다');
  if (constraint === 'unique_employee_per_company') throw new AppError('CONFLICT', '회사에 이미 등록된 사원번호입니다');
  throw error;
}

const NO_SUCH_COMPANY = '회사명과 회사 코드가 일치하는 회사가 없습니다 (company name and code do not match)';

export const signUpHandler: RouteHandler<typeof signUp, AppEnv> = async (c) => {
  const { password, passwordConfirmation: _, ...input } = c.req.valid('json');
  // The company code is an invitation: guesses are counted and throttled, and judged before any hashing.
  const ip = clientIp(c.req.header('CF-Connecting-IP'));
  const company = await queries.checkSignUpCompany(c.var.db, { kind: 'signup', subject: input.companyName, ip, companyCode: input.companyCode });
  refuseIfThrottled(company, c.header.bind(c), '회원가입');
  if (!company.matches) throw new AppError('BAD_REQUEST', NO_SUCH_COMPANY);
  const passwordHash = await hashPassword(password, c.var.config.PASSWORD_PEPPER);
  const user = await queries.insertUserIntoCompany(c.var.db, { ...input, passwordHash }).catch(duplicateUser);
  if (!user) throw new AppError('BAD_REQUEST', NO_SUCH_COMPANY); // the code changed in between
  return c.json(toUserInfo(user), 201);
};

export const getMeHandler: RouteHandler<typeof getMe, AppEnv> = async (c) => {
  const { companyId, userId } = c.var.caller;
  const user = await queries.findUserInfo(c.var.db, companyId, userId);
  if (!user) throw new AppError('NOT_FOUND', ACCOUNT_GONE);
  return c.json(toUserInfo(user), 200);
};

export const updateMeHandler: RouteHandler<typeof updateMe, AppEnv> = async (c) => {
  const { currentPassword, password, passwordConfirmation: _, ...profile } = c.req.valid('json');
  const { caller, config, db } = c.var;
  // Counted before it is judged: a wrong current password stays a failure, throttled per user.
  const attempt = await queries.reservePasswordAttempt(db, caller, clientIp(c.req.header('CF-Connecting-IP')));
  refuseIfThrottled(attempt, c.header.bind(c), '비밀번호 확인');
  if (!attempt.password_hash) throw new AppError('NOT_FOUND', ACCOUNT_GONE);
  // 400, not 401: a 401 would send the web client into its token-refresh path.
  if (!(await verifyPassword(currentPassword, attempt.password_hash, config.PASSWORD_PEPPER))) {
    throw new AppError('BAD_REQUEST', '현재 비밀번호가 일치하지 않습니다');
  }
  const passwordHash = password === undefined ? undefined : await hashPassword(password, config.PASSWORD_PEPPER);
  const { row: user, endedSessionIds } = await queries.updateProfile(db, caller, { ...profile, passwordHash }).catch(duplicateUser);
  if (!user) throw new AppError('NOT_FOUND', ACCOUNT_GONE);
  endSessions(c, caller.companyId, { sessionIds: endedSessionIds });
  if (profile.name !== undefined) nudgeBoard(c, caller.companyId); // the cards of their contracts show it
  return c.json(toUserInfo(user), 200);
};

/** The 409s that keep someone able to run the service and every company. */
function refuseLastOneStanding(outcome: string): void {
  if (outcome === 'last_admin') throw new AppError('CONFLICT', '마지막 관리자 계정은 삭제할 수 없습니다');
  if (outcome === 'last_manager') throw new AppError('CONFLICT', '회사의 마지막 매니저는 삭제하거나 직원으로 바꿀 수 없습니다. 먼저 다른 매니저를 지정하세요');
}

export const deleteMeHandler: RouteHandler<typeof deleteMe, AppEnv> = async (c) => {
  const { companyId, userId } = c.var.caller;
  const result = await queries.deleteUser(c.var.db, userId, { companyId });
  if (result.outcome === 'not_found') throw new AppError('NOT_FOUND', ACCOUNT_GONE);
  refuseLastOneStanding(result.outcome);
  if (result.outcome === 'deleted') {
    endSessions(c, companyId, { sessionIds: result.sessionIds });
    nudgeBoard(c, companyId); // their contracts' cards lose their salesperson
  }
  return c.body(null, 204);
};

export const deleteUserHandler: RouteHandler<typeof deleteUser, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  if (id === c.var.caller.userId) {
    throw new AppError('CONFLICT', '본인 계정은 회원 탈퇴(DELETE /users/me)로 삭제하세요');
  }
  // Administrators run the whole service (the web client's admin pages span companies), so no company scope here.
  const result = await queries.deleteUser(c.var.db, id, {});
  if (result.outcome === 'not_found') throw new AppError('NOT_FOUND', '사용자를 찾을 수 없습니다');
  refuseLastOneStanding(result.outcome);
  if (result.outcome === 'deleted') {
    endSessions(c, result.companyId, { sessionIds: result.sessionIds });
    nudgeBoard(c, result.companyId); // their contracts' cards lose their salesperson
  }
  return c.body(null, 204);
};

export const setRoleHandler: RouteHandler<typeof setRole, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { caller } = c.var;
  // Managers within their own company (another company's user is 404); administrators anywhere.
  const result = await queries.setUserRole(c.var.db, id, c.req.valid('json').role, caller.isAdmin ? {} : { companyId: caller.companyId });
  if (result.outcome === 'not_found') throw new AppError('NOT_FOUND', '사용자를 찾을 수 없습니다');
  refuseLastOneStanding(result.outcome);
  if (result.outcome !== 'changed') throw new AppError('INTERNAL', 'unexpected role outcome');
  endSessions(c, result.companyId, { sessionIds: result.sessionIds });
  const { id: userId, name, email, employee_number, phone_number, role } = result.row;
  return c.json({ id: userId, name, email, employeeNumber: employee_number, phoneNumber: phone_number, role }, 200);
};

export const listColleaguesHandler: RouteHandler<typeof listColleagues, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const { rows, total, capped } = await queries.listColleagues(c.var.db, c.var.caller.companyId, query);
  const data = rows.map((r) => ({ id: r.id, name: r.name, email: r.email, employeeNumber: r.employee_number, phoneNumber: r.phone_number, role: r.role }));
  return c.json(pageOf(data, total, query.page, query.pageSize, capped), 200);
};

export const listUsersHandler: RouteHandler<typeof listUsers, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const { rows, total, capped } = await queries.listUsers(c.var.db, query);
  const data = rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    employeeNumber: r.employee_number,
    phoneNumber: r.phone_number,
    role: r.role,
    company: { companyName: r.company_name },
  }));
  return c.json(pageOf(data, total, query.page, query.pageSize, capped), 200);
};

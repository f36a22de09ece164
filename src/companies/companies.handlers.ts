import type { RouteHandler } from '@hono/zod-openapi';
import { AppError } from '../app/errors';
import { managedCompany } from '../auth/managed-company';
import { clientIp, refuseIfThrottled } from '../auth/throttle';
import { endSessions } from '../live/board-room';
import { pageOf } from '../app/pagination';
import type { AppEnv } from '../app/types';
import { violatedUniqueConstraint } from '../db/errors';
import * as queries from './companies.queries';
import type { createCompany, deleteCompany, listCompanies, updateCompany } from './companies.routes';

const NOT_FOUND = '회사를 찾을 수 없습니다';

const toCompany = (row: queries.CompanyRow) => ({
  id: row.id,
  companyName: row.company_name,
  companyCode: row.company_code,
  userCount: row.user_count,
});

const CODE_TAKEN = '이미 사용 중인 회사 코드입니다';

function duplicateCode(error: unknown): never {
  if (violatedUniqueConstraint(error) === 'companies_company_code_unique') throw new AppError('CONFLICT', CODE_TAKEN);
  throw error;
}

export const listCompaniesHandler: RouteHandler<typeof listCompanies, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const { rows, total, capped } = await queries.listCompanies(c.var.db, query);
  return c.json(pageOf(rows.map(toCompany), total, query.page, query.pageSize, capped), 200);
};

export const createCompanyHandler: RouteHandler<typeof createCompany, AppEnv> = async (c) => {
  const { companyName, companyCode, pipelinePreset } = c.req.valid('json');
  const preset = pipelinePreset ?? c.var.config.DEFAULT_PIPELINE_PRESET;
  const row = await queries.createCompany(c.var.db, { companyName, companyCode, preset }).catch(duplicateCode);
  return c.json(toCompany(row), 201);
};

export const updateCompanyHandler: RouteHandler<typeof updateCompany, AppEnv> = async (c) => {
  const id = managedCompany(c.var.caller, c.req.valid('param').id);
  const attempt = { kind: 'code', subject: String(c.var.caller.userId), ip: clientIp(c.req.header('CF-Connecting-IP')) } as const;
  const result = await queries.updateCompany(c.var.db, id, c.req.valid('json'), attempt).catch(duplicateCode);
  refuseIfThrottled(result, c.header.bind(c), '회사 코드 변경');
  if (result.taken) throw new AppError('CONFLICT', CODE_TAKEN);
  if (!result.company) throw new AppError('NOT_FOUND', NOT_FOUND);
  return c.json(toCompany(result.company), 200);
};

export const deleteCompanyHandler: RouteHandler<typeof deleteCompany, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  // Deleting one's own company would delete the caller with it, mid-request.
  if (id === c.var.caller.companyId) throw new AppError('CONFLICT', '본인이 속한 회사는 삭제할 수 없습니다');
  if (!(await queries.deleteCompany(c.var.db, id))) throw new AppError('NOT_FOUND', NOT_FOUND);
  endSessions(c, id, { all: true }); // everyone of that company was signed out with it
  return c.body(null, 204);
};

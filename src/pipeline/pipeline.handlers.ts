import type { RouteHandler } from '@hono/zod-openapi';
import { AppError } from '../app/errors';
import type { AppEnv } from '../app/types';
import { publishBoardEvents } from '../live/board-room';
import { listStages, replaceStages as replace } from './pipeline.queries';
import type { Context } from 'hono';
import { managedCompany } from '../auth/managed-company';
import type { getPipeline, replaceCompanyStages, replaceStages } from './pipeline.routes';

export const getPipelineHandler: RouteHandler<typeof getPipeline, AppEnv> = async (c) => {
  return c.json({ stages: await listStages(c.var.db, c.var.caller.companyId) }, 200);
};

export const replaceStagesHandler: RouteHandler<typeof replaceStages, AppEnv> = async (c) =>
  c.json({ stages: await reshapeBoard(c, c.var.caller.companyId, c.req.valid('json').stages) }, 200);

export const replaceCompanyStagesHandler: RouteHandler<typeof replaceCompanyStages, AppEnv> = async (c) => {
  const companyId = managedCompany(c.var.caller, c.req.valid('param').id);
  return c.json({ stages: await reshapeBoard(c, companyId, c.req.valid('json').stages) }, 200);
};

async function reshapeBoard(c: Context<AppEnv>, companyId: number, stages: Parameters<typeof replace>[3]) {
  const outcome = await replace(c.var.db, c.var.caller, companyId, stages);
  if ('companyGone' in outcome) throw new AppError('NOT_FOUND', '회사를 찾을 수 없습니다');
  if ('removedInUse' in outcome) {
    throw new AppError('CONFLICT', `계약이 있는 단계는 삭제할 수 없습니다: ${outcome.removedInUse.join(', ')}`);
  }
  if ('outcomeInUse' in outcome) {
    throw new AppError('CONFLICT', `계약이 있는 단계의 결과(open/won/lost)는 바꿀 수 없습니다: ${outcome.outcomeInUse.join(', ')}`);
  }
  publishBoardEvents(c, companyId, outcome.events);
  return outcome.stages;
}

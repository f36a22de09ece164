import type { RouteHandler } from '@hono/zod-openapi';
import { AppError } from '../app/errors';
import type { AppEnv } from '../app/types';
import { zonedStamp } from '../time/zoned';
import { boardQueryKey, boardTag, versionsNamed } from './board-tag';
import { cachedBoard, keepBoard } from './board-cache';
import { zoneContract } from './contract-json';
import { etagOf, ifMatchVersion } from './etag';
import { publishBoardEvents } from '../live/board-room';
import * as queries from './contracts.queries';
import type * as routes from './contracts.routes';

const NOT_FOUND = '계약을 찾을 수 없습니다';

const updateErrors: Record<queries.UpdateError, AppError> = {
  not_found: new AppError('NOT_FOUND', NOT_FOUND),
  forbidden: new AppError('FORBIDDEN', '담당자만 수정이 가능합니다'),
  unknown_stage: new AppError('BAD_REQUEST', '회사 보드에 없는 계약 상태입니다 (GET /pipeline)'),
  car_not_found: new AppError('NOT_FOUND', '차량을 찾을 수 없습니다'),
  car_not_in_stock: new AppError('CONFLICT', '보유 중인 차량이 아닙니다 (다른 계약에 사용 중)'),
  customer_not_found: new AppError('NOT_FOUND', '고객을 찾을 수 없습니다'),
  user_not_found: new AppError('NOT_FOUND', '담당자를 찾을 수 없습니다'),
  document_not_found: new AppError('NOT_FOUND', '계약서 문서를 찾을 수 없습니다'),
  document_forbidden: new AppError('FORBIDDEN', '다른 담당자의 계약(또는 다른 사람의 임시 문서)에 있는 문서는 옮길 수 없습니다'),
  version_mismatch: new AppError('PRECONDITION_FAILED', '다른 사람이 먼저 이 계약을 수정했습니다. 새로고침 후 다시 시도하세요'),
};

/**
 * The board. Built by the database as text and passed on as it is; answered 304 when the client's `If-None-Match`
 * names the board's current version, and from the cache when someone already built this version (unfiltered
 * boards only: searches change with every keystroke). Always one round trip, which checks the session and reads
 * the version, and builds the board only when neither the client nor the cache has it.
 */
export const getBoard: RouteHandler<typeof routes.getBoard, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const { companyId } = c.var.caller;
  const key = await boardQueryKey(companyId, query);
  const clientHas = versionsNamed(c.req.header('If-None-Match'), key);
  const cached = query.keyword ? undefined : await cachedBoard(key);
  const answer = await queries.boardAnswer(c.var.db, companyId, query, query.closedLimit, cached ? [...clientHas, cached.version] : clientHas);
  // The last board event this read reflects: follow the events after it (socket `since`, GET /board/events).
  c.header('X-Board-Seq', answer.version.slice(answer.version.indexOf(':') + 1));
  c.header('ETag', boardTag(key, answer.version));
  // Caches may keep it but must ask first (the answer is one tiny query when nothing changed); per signed-in user.
  c.header('Cache-Control', 'private, no-cache');
  c.header('Vary', 'Authorization');
  if (clientHas.includes(answer.version)) {
    await cached?.body.cancel();
    return c.body(null, 304) as never;
  }
  // Not built: the version is the one the cache holds (the only other version the statement was told of).
  if (answer.body === null) return c.body(cached!.body, 200, { 'Content-Type': 'application/json' }) as never;
  await cached?.body.cancel();
  if (!query.keyword) c.executionCtx.waitUntil(keepBoard(key, answer.version, answer.body));
  return c.body(answer.body, 200, { 'Content-Type': 'application/json' }) as never;
};

/** One stage's cards after a cursor: "show more" for a stage shown with `closedLimit`. */
export const getStagePage: RouteHandler<typeof routes.getStagePage, AppEnv> = async (c) => {
  const { stage } = c.req.valid('param');
  const { limit, after, ...search } = c.req.valid('query');
  const body = await queries.stagePage(c.var.db, c.var.caller.companyId, stage, search, limit, after);
  if (body === undefined) throw new AppError('NOT_FOUND', '회사 보드에 없는 단계입니다');
  return c.body(body, 200, { 'Content-Type': 'application/json' }) as never;
};

export const carChoices: RouteHandler<typeof routes.carChoices, AppEnv> = async (c) =>
  c.json(await queries.dropdown(c.var.db, c.var.caller.companyId, 'cars'), 200);
export const customerChoices: RouteHandler<typeof routes.customerChoices, AppEnv> = async (c) =>
  c.json(await queries.dropdown(c.var.db, c.var.caller.companyId, 'customers'), 200);
export const userChoices: RouteHandler<typeof routes.userChoices, AppEnv> = async (c) =>
  c.json(await queries.dropdown(c.var.db, c.var.caller.companyId, 'users'), 200);

export const getContract: RouteHandler<typeof routes.getContract, AppEnv> = async (c) => {
  const found = await queries.findContract(c.var.db, c.var.caller.companyId, c.req.valid('param').id);
  if (!found) throw new AppError('NOT_FOUND', NOT_FOUND);
  c.header('ETag', etagOf(found.contract.version));
  return c.json(zoneContract(found.contract, found.timezone), 200);
};

export const getHistory: RouteHandler<typeof routes.getHistory, AppEnv> = async (c) => {
  const history = await queries.contractHistory(c.var.db, c.var.caller.companyId, c.req.valid('param').id);
  if (!history.found) throw new AppError('NOT_FOUND', NOT_FOUND);
  return c.json(history.entries.map((e) => ({ ...e, changedAt: zonedStamp(e.changedAt, history.timezone) })), 200);
};

export const createContract: RouteHandler<typeof routes.createContract, AppEnv> = async (c) => {
  const result = await queries.createContract(c.var.db, c.var.caller, c.req.valid('json'));
  if ('error' in result) {
    throw {
      car_not_found: new AppError('NOT_FOUND', '차량을 찾을 수 없습니다'),
      customer_not_found: new AppError('NOT_FOUND', '고객을 찾을 수 없습니다'),
      car_not_in_stock: new AppError('CONFLICT', '보유 중인 차량만 계약할 수 있습니다'),
      no_stage: new AppError('CONFLICT', '회사 보드에 단계가 없습니다'),
    }[result.error];
  }
  const contract = zoneContract(result.contract, result.timezone);
  publishBoardEvents(c, c.var.caller.companyId, result.events);
  c.header('ETag', etagOf(contract.version));
  return c.json(contract, 201);
};

export const updateContract: RouteHandler<typeof routes.updateContract, AppEnv> = async (c) => {
  const id = c.req.valid('param').id;
  const expected = ifMatchVersion(c);
  const changes = c.req.valid('json');
  let result = await queries.updateContract(c.var.db, c.var.caller, id, changes, expected);
  // Without If-Match the client asked for "last write wins": if someone wrote between our read and our write,
  // apply the change again on top of theirs (bounded), instead of failing a request the client cannot fix.
  for (let attempt = 0; expected === undefined && 'error' in result && result.error === 'version_mismatch' && attempt < 3; attempt++) {
    result = await queries.updateContract(c.var.db, c.var.caller, id, changes);
  }
  if ('error' in result) throw updateErrors[result.error];
  const contract = zoneContract(result.contract, result.timezone);
  publishBoardEvents(c, c.var.caller.companyId, result.events);
  c.header('ETag', etagOf(contract.version));
  return c.json(contract, 200);
};

export const deleteContract: RouteHandler<typeof routes.deleteContract, AppEnv> = async (c) => {
  const outcome = await queries.deleteContract(c.var.db, c.var.caller, c.req.valid('param').id, ifMatchVersion(c));
  if (!outcome.deleted) {
    throw {
      not_found: new AppError('NOT_FOUND', NOT_FOUND),
      forbidden: new AppError('FORBIDDEN', '담당자만 삭제가 가능합니다'),
      version_mismatch: updateErrors.version_mismatch,
    }[outcome.error];
  }
  publishBoardEvents(c, c.var.caller.companyId, outcome.events);
  return c.body(null, 204);
};

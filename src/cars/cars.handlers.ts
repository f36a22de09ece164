import type { RouteHandler } from '@hono/zod-openapi';
import { nudgeBoard } from '../live/board-room';
import type { Context } from 'hono';
import { AppError } from '../app/errors';
import { pageOf } from '../app/pagination';
import type { AppEnv } from '../app/types';
import { importUpload } from '../bulk-import/import-upload';
import { violatedUniqueConstraint } from '../db/errors';
import { deleteUnlessContracted } from '../db/writes';
import { DUPLICATE_CAR_NUMBER, toCar, UNKNOWN_MODEL } from './car.schemas';
import { carColumns, importOutcomeError, validateCarRows } from './cars.import';
import * as queries from './cars.queries';
import type * as routes from './cars.routes';

const NOT_FOUND = '차량을 찾을 수 없습니다';

function duplicateNumber(error: unknown): never {
  if (violatedUniqueConstraint(error) === 'unique_car_per_company') throw new AppError('CONFLICT', DUPLICATE_CAR_NUMBER);
  throw error;
}

export const listCarModels: RouteHandler<typeof routes.listCarModels, AppEnv> = async (c) => {
  const rows = await queries.listCarModels(c.var.db);
  // Reference data, the same for everyone: let the browser reuse it for a while.
  c.header('Cache-Control', 'private, max-age=300');
  return c.json({ data: rows.map((r) => ({ manufacturer: r.manufacturer, model: r.models })) }, 200);
};

export const listCars: RouteHandler<typeof routes.listCars, AppEnv> = async (c) => {
  const { status, ...query } = c.req.valid('query');
  const { rows, total, capped } = await queries.listCars(c.var.db, c.var.caller.companyId, {
    ...query,
    status: status === 'total' ? undefined : status,
  });
  return c.json(pageOf(rows.map(toCar), total, query.page, query.pageSize, capped), 200);
};

export const getCar: RouteHandler<typeof routes.getCar, AppEnv> = async (c) => {
  const car = await queries.findCar(c.var.db, c.var.caller.companyId, c.req.valid('param').id);
  if (!car) throw new AppError('NOT_FOUND', NOT_FOUND);
  return c.json(toCar(car), 200);
};

export const createCar: RouteHandler<typeof routes.createCar, AppEnv> = async (c) => {
  const car = await queries.insertCar(c.var.db, c.var.caller, c.req.valid('json')).catch(duplicateNumber);
  if (!car) throw new AppError('BAD_REQUEST', UNKNOWN_MODEL);
  return c.json(toCar(car), 201);
};

export const updateCar: RouteHandler<typeof routes.updateCar, AppEnv> = async (c) => {
  const outcome = await queries
    .updateCar(c.var.db, c.var.caller, c.req.valid('param').id, c.req.valid('json'))
    .catch(duplicateNumber);
  if ('error' in outcome) {
    throw outcome.error === 'not_found' ? new AppError('NOT_FOUND', NOT_FOUND) : new AppError('BAD_REQUEST', UNKNOWN_MODEL);
  }
  const changes = c.req.valid('json');
  if (changes.carNumber !== undefined || changes.model !== undefined) nudgeBoard(c, c.var.caller.companyId); // cards show them
  return c.json(toCar(outcome.car), 200);
};

export const deleteCar: RouteHandler<typeof routes.deleteCar, AppEnv> = async (c) => {
  const outcome = await deleteUnlessContracted(c.var.db, 'cars', c.var.caller, c.req.valid('param').id);
  if (outcome === 'not_found') throw new AppError('NOT_FOUND', NOT_FOUND);
  if (outcome === 'referenced') throw new AppError('CONFLICT', '계약이 있는 차량은 삭제할 수 없습니다. 계약을 먼저 삭제하세요');
  return c.body(null, 204);
};

export async function uploadCars(c: Context<AppEnv>) {
  return importUpload(c, {
    columns: carColumns,
    validate: validateCarRows,
    write: (rows) => queries.importCars(c.var.db, c.var.caller, rows),
    failure: importOutcomeError,
  });
}

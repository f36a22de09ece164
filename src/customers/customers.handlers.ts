import type { RouteHandler } from '@hono/zod-openapi';
import { nudgeBoard } from '../live/board-room';
import type { Context } from 'hono';
import { AppError } from '../app/errors';
import { pageOf } from '../app/pagination';
import type { AppEnv } from '../app/types';
import { importUpload } from '../bulk-import/import-upload';
import { violatedUniqueConstraint } from '../db/errors';
import { deleteUnlessContracted } from '../db/writes';
import { DUPLICATE_EMAIL, toCustomer } from './customer.schemas';
import { customerColumns, validateCustomerRows } from './customers.import';
import * as queries from './customers.queries';
import type * as routes from './customers.routes';

const NOT_FOUND = '고객을 찾을 수 없습니다';

function duplicateEmail(error: unknown): never {
  if (violatedUniqueConstraint(error) === 'unique_customer_email_per_company') throw new AppError('CONFLICT', DUPLICATE_EMAIL);
  throw error;
}

export const listCustomers: RouteHandler<typeof routes.listCustomers, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const { rows, total, capped } = await queries.listCustomers(c.var.db, c.var.caller.companyId, query);
  return c.json(pageOf(rows.map(toCustomer), total, query.page, query.pageSize, capped), 200);
};

export const getCustomer: RouteHandler<typeof routes.getCustomer, AppEnv> = async (c) => {
  const customer = await queries.findCustomer(c.var.db, c.var.caller.companyId, c.req.valid('param').id);
  if (!customer) throw new AppError('NOT_FOUND', NOT_FOUND);
  return c.json(toCustomer(customer), 200);
};

export const createCustomer: RouteHandler<typeof routes.createCustomer, AppEnv> = async (c) => {
  const customer = await queries.insertCustomer(c.var.db, c.var.caller, c.req.valid('json')).catch(duplicateEmail);
  return c.json(toCustomer(customer), 201);
};

export const updateCustomer: RouteHandler<typeof routes.updateCustomer, AppEnv> = async (c) => {
  const customer = await queries
    .updateCustomer(c.var.db, c.var.caller, c.req.valid('param').id, c.req.valid('json'))
    .catch(duplicateEmail);
  if (!customer) throw new AppError('NOT_FOUND', NOT_FOUND);
  const changes = c.req.valid('json');
  if (changes.name !== undefined || changes.phoneNumber !== undefined) nudgeBoard(c, c.var.caller.companyId); // cards show them
  return c.json(toCustomer(customer), 200);
};

export const deleteCustomer: RouteHandler<typeof routes.deleteCustomer, AppEnv> = async (c) => {
  const outcome = await deleteUnlessContracted(c.var.db, 'customers', c.var.caller, c.req.valid('param').id);
  if (outcome === 'not_found') throw new AppError('NOT_FOUND', NOT_FOUND);
  if (outcome === 'referenced') throw new AppError('CONFLICT', '계약이 있는 고객은 삭제할 수 없습니다. 계약을 먼저 삭제하세요');
  return c.body(null, 204);
};

export async function uploadCustomers(c: Context<AppEnv>) {
  return importUpload(c, {
    columns: customerColumns,
    validate: validateCustomerRows,
    write: (rows) => queries.importCustomers(c.var.db, c.var.caller, rows),
    failure: (row) => ({ row, column: 'email', message: DUPLICATE_EMAIL }),
  });
}

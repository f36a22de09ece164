import { createRoute, z } from '@hono/zod-openapi';
import { signedIn } from '../auth/guards';
import { authErrors, deletionResponses, errorResponse, IdParam, jsonBody, jsonResponse } from '../app/openapi-helpers';
import { ContractSchema, CreateContractSchema, DropdownSchema, HistoryEntrySchema, UpdateContractSchema } from './contract.schemas';

const notFound = errorResponse('No such contract in the caller’s company');
const etagHeader = { ETag: { schema: { type: 'string' as const, example: '"v3"' }, description: 'The contract version, for If-Match' } };
/** The live board's event number, on reads (what the read reflects) and writes (the write's own event). */
const boardSeqHeader = {
  'X-Board-Seq': {
    schema: { type: 'string' as const, pattern: '^[0-9]{1,15}$', example: '42' },
    description: 'The number of the last live-board event this answer reflects: follow the events after it (socket `?since=`, `GET /board/events?since=`) and nothing is missed or seen twice',
  },
};
const ifMatch = z.object({
  'if-match': z.string().optional().openapi({
    description: 'Only write if the contract is still at this version (an ETag from this API), or `*`',
    pattern: '^\\s*(\\*|(W/)?"?v?[0-9]{1,9}"?)\\s*$',
    example: '"v3"',
  }),
});

const boardSearch = {
  searchBy: z.enum(['customerName', 'userName']).default('customerName'),
  keyword: z.string().max(100).default('').transform((v) => v.trim()).openapi({ example: '김민준' }),
};
/** A whole number written in digits, within bounds ('' , '0x10' or '1e2' are refused, not read as numbers). */
const digits = (min: number, max: number) =>
  z.string().regex(/^\d{1,4}$/, `a whole number from ${min} to ${max}`).transform(Number).pipe(z.number().int().min(min).max(max)).openapi({ type: 'integer', minimum: min, maximum: max });
const BoardStageSchema = z.object({ totalItemCount: z.number().int().openapi({ example: 1 }), data: z.array(ContractSchema) });
const boardCaching = {
  ETag: { schema: { type: 'string' as const }, description: 'The board version this answer is (send it as If-None-Match next time)' },
  'Cache-Control': { schema: { type: 'string' as const, example: 'private, no-cache' }, description: 'Keep it, but ask again each time' },
};

export const getBoard = createRoute({
  operationId: 'getBoard',
  description:
    'The whole board in one response: for every stage of the company, in board order, its contracts newest first, optionally filtered by customer or salesperson name. ' +
    'Times are on the company\'s clock. With `closedLimit`, won and lost stages carry only their newest contracts (`totalItemCount` stays the full count; ' +
    '`GET /board/stages/{stage}` gives the rest). Send the `ETag` of your last answer as `If-None-Match`: while the board has not changed the answer is `304` with no body.',
  method: 'get',
  path: '/contracts',
  tags: ['Contracts'],
  summary: 'The board: every stage of the company, in order, with its contracts (newest first)',
  ...signedIn,
  request: {
    query: z.object({
      ...boardSearch,
      closedLimit: digits(0, 500).optional().openapi({
        description: 'Show at most this many contracts (the newest) in each won or lost stage; open stages are always whole',
        example: 50,
      }),
    }),
    headers: z.object({
      // Any length: a tag this API did not make (or a list of over 16) simply names no version, as HTTP says.
      'if-none-match': z.string().optional().openapi({
        description: 'The ETag of a board answer you hold',
        example: '"3f9a0c2d41e5b67a80.0b6f3c52-8a1e-4c1f-9d2e-5b7a6c4d3e21.42"',
      }),
    }),
  },
  responses: {
    200: {
      headers: { ...boardSeqHeader, ...boardCaching },
      ...jsonResponse(
        z.record(z.string(), BoardStageSchema).openapi('Board', {
          description: 'One key per stage of the company’s pipeline, in board order',
          example: { carInspection: { totalItemCount: 0, data: [] }, priceNegotiation: { totalItemCount: 0, data: [] } },
        }),
        'The board',
      ),
    },
    304: { headers: { ...boardSeqHeader, ...boardCaching }, description: 'The board is still the one your If-None-Match names' },
    400: errorResponse('Invalid query'),
    ...authErrors,
  },
});

export const getStagePage = createRoute({
  operationId: 'getBoardStagePage',
  description:
    'The contracts of one stage, newest first, a page at a time (the board\'s "show more"), with the same filter as the board. ' +
    'Pass the `nextCursor` of one page as `after` for the next; it is null on the last page. Times are on the company\'s clock.',
  method: 'get',
  path: '/board/stages/{stage}',
  tags: ['Contracts'],
  summary: 'One stage of the board, a page at a time',
  ...signedIn,
  request: {
    params: z.object({
      stage: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,49}$/).openapi({ param: { name: 'stage', in: 'path' }, example: 'contractSuccessful' }),
    }),
    query: z.object({
      ...boardSearch,
      limit: digits(1, 200).default(50).openapi({ example: 50 }),
      after: z
        .string()
        .regex(/^\d{1,18}\.\d{1,10}$/, 'after must be a nextCursor this API returned')
        .transform((v) => ({ micros: v.slice(0, v.indexOf('.')), id: Number(v.slice(v.indexOf('.') + 1)) }))
        .refine((c) => c.id <= 2_147_483_647, 'after must be a nextCursor this API returned')
        .optional()
        .openapi({ type: 'string', example: '1764550800000000.42' }),
    }),
  },
  responses: {
    200: jsonResponse(
      BoardStageSchema.extend({ nextCursor: z.string().nullable().openapi({ example: null }) }).openapi('BoardStagePage'),
      'A page of the stage',
    ),
    400: errorResponse('Invalid stage key, query or cursor'),
    ...authErrors,
    404: errorResponse('No such stage on the company’s board'),
  },
});

const dropdownRoute = (
  operationId: string,
  path: '/contracts/cars' | '/contracts/customers' | '/contracts/users',
  summary: string,
  description: string,
) =>
  createRoute({
    operationId,
    description,
    method: 'get',
    path,
    tags: ['Contracts'],
    summary,
    ...signedIn,
    responses: { 200: jsonResponse(DropdownSchema, 'Items for a dropdown (a bare array)'), ...authErrors },
  });

export const carChoices = dropdownRoute('listCarChoices', '/contracts/cars', 'Cars in stock, for a new contract: "<model>(<carNumber>)"',
  "The company's cars in stock (only those can go on a new contract), newest first, as dropdown items.");
export const customerChoices = dropdownRoute('listCustomerChoices', '/contracts/customers', 'Customers: "<name>(<email>)"',
  "The company's customers by name, as dropdown items for a contract.");
export const userChoices = dropdownRoute('listUserChoices', '/contracts/users', 'Staff of the company: "<name>(<email>)"',
  "The company's staff by name, as dropdown items for handing a contract to another salesperson.");

export const getContract = createRoute({
  operationId: 'getContract',
  description: 'One contract of the company with its car, customer, salesperson, meetings and documents. The ETag carries its version for If-Match.',
  method: 'get',
  path: '/contracts/{id}',
  tags: ['Contracts'],
  summary: 'One contract',
  ...signedIn,
  request: { params: IdParam },
  responses: {
    200: { ...jsonResponse(ContractSchema, 'The contract'), headers: etagHeader },
    400: errorResponse('Invalid id'),
    ...authErrors,
    404: notFound,
  },
});

export const getHistory = createRoute({
  operationId: 'getContractHistory',
  description: 'Every stage move of the contract, oldest first, with who moved it and when (company time).',
  method: 'get',
  path: '/contracts/{id}/history',
  tags: ['Contracts'],
  summary: 'Every stage move of a contract, oldest first',
  ...signedIn,
  request: { params: IdParam },
  responses: {
    200: jsonResponse(z.array(HistoryEntrySchema), 'The moves'),
    400: errorResponse('Invalid id'),
    ...authErrors,
    404: notFound,
  },
});

export const createContract = createRoute({
  operationId: 'createContract',
  method: 'post',
  path: '/contracts',
  tags: ['Contracts'],
  summary: 'Open a contract for an in-stock car and a customer',
  description: 'The caller owns it; its price is the car’s; it starts in the first stage; the car becomes contractProceeding.',
  ...signedIn,
  request: { body: jsonBody(CreateContractSchema) },
  responses: {
    201: { ...jsonResponse(ContractSchema, 'Opened'), headers: { ...etagHeader, ...boardSeqHeader } },
    400: errorResponse('Invalid fields'),
    ...authErrors,
    404: errorResponse('No such car or customer in the company'),
    409: errorResponse('The car is not in stock'),
  },
});

export const updateContract = createRoute({
  operationId: 'updateContract',
  method: 'patch',
  path: '/contracts/{id}',
  tags: ['Contracts'],
  summary: 'Edit, reprice, move or attach documents to a contract',
  description:
    'Any of: `{carId, customerId, userId, meetings}`, `{contractPrice}`, `{status}` with or without `resolutionDate` ' +
    '(null clears it), `{contractDocuments}` (the complete set). Moving into a won/lost stage sets resolutionDate (given, else now); ' +
    'back to an open stage clears it; the car status follows. Only the owner or an administrator may change it.',
  ...signedIn,
  request: { params: IdParam, headers: ifMatch, body: jsonBody(UpdateContractSchema) },
  responses: {
    200: { ...jsonResponse(ContractSchema, 'The contract after the change'), headers: { ...etagHeader, ...boardSeqHeader } },
    400: errorResponse('Invalid fields or an unknown stage'),
    ...authErrors,
    403: errorResponse('담당자만 수정이 가능합니다 (only the owner or an administrator; a listed document from another contract or draft needs the right to that one too)'),
    404: errorResponse('No such contract, car, customer, salesperson or document in the company'),
    409: errorResponse('The new car is not in stock'),
    412: errorResponse('If-Match names an older version; nothing was written'),
  },
});

export const deleteContract = createRoute({
  operationId: 'deleteContract',
  description: 'Deletes the contract (its owner or an administrator; If-Match guards against a stale copy). Its car returns to stock, its documents become drafts, its history stays.',
  method: 'delete',
  path: '/contracts/{id}',
  tags: ['Contracts'],
  summary: 'Delete a contract and free its car',
  ...signedIn,
  request: { params: IdParam, headers: ifMatch },
  responses: deletionResponses('No such contract in the caller’s company', {
    403: errorResponse('담당자만 삭제가 가능합니다 (only the owner or an administrator)'),
    412: errorResponse('If-Match names an older version; nothing was deleted'),
  }),
});

import { createRoute, z } from '@hono/zod-openapi';
import { signedIn } from '../auth/guards';
import { authErrors, errorResponse, jsonResponse } from '../app/openapi-helpers';
import { ContractSchema } from '../contracts/contract.schemas';
import { StageSchema } from '../pipeline/pipeline.routes';
import { BOARD_EVENT_TYPES } from '../live/board-events';

export const BoardEventSchema = z
  .object({
    type: z.enum(BOARD_EVENT_TYPES).openapi({ example: 'contract.moved' }),
    contractId: z.number().int().optional().openapi({ example: 7 }),
    version: z.number().int().optional().openapi({
      example: 3,
      description: 'The contract’s version after the change (a deletion counts as one more): never replace a card with an older version',
    }),
    contract: ContractSchema.optional().openapi({ description: 'The contract after the change (created, updated, moved)' }),
    from: z.string().optional().openapi({ example: 'carInspection', description: 'A move’s (or deletion’s) stage before' }),
    to: z.string().optional().openapi({ example: 'priceNegotiation', description: 'A move’s (or creation’s) stage after' }),
    stages: z.array(StageSchema).optional().openapi({ description: 'The board’s stages after a pipeline change' }),
    documentIds: z.array(z.number().int()).optional().openapi({ example: [12] }),
    all: z.boolean().optional().openapi({ example: true, description: '`contracts.changed` for more than 1,000 cards: reload the board' }),
    contractIds: z.array(z.number().int()).optional().openapi({
      example: [7, 9],
      description: '`contracts.changed`: what these cards show changed (their customer, car or salesperson); fetch them again',
    }),
    userId: z.number().int().nullable().optional().openapi({ example: 3, description: 'A reminder’s salesperson' }),
    notificationId: z.number().int().optional().openapi({ example: 40 }),
    subject: z.string().optional().openapi({ example: '오늘 10:00 김민준 고객님 미팅' }),
    actor: z.object({ id: z.number().int().openapi({ example: 3 }), name: z.string().openapi({ example: '김영업' }) }).nullable().openapi({ example: { id: 3, name: '김영업' }, description: 'Who made the change; null for the service itself (reminders)' }),
    at: z.string().openapi({ example: '2026-12-02T01:00:00.000Z', description: 'When the change was committed (UTC)' }),
  })
  .openapi('BoardEvent');

export const NumberedEventSchema = z
  .object({ seq: z.number().int().openapi({ example: 43 }), event: BoardEventSchema })
  .openapi('NumberedBoardEvent');

export const BoardEventsSchema = z
  .object({
    resync: z.boolean().openapi({
      example: false,
      description: 'true: the events after `since` are no longer all kept (more than 7 days back), or `since` is ahead of the board. Reload the board (`GET /contracts`) and follow on from its `X-Board-Seq`',
    }),
    seq: z.number().int().openapi({ example: 44, description: 'The board’s last event number right now' }),
    events: z.array(NumberedEventSchema).openapi({ description: 'The events after `since`, in order, at most 500 (empty on resync)' }),
    more: z.boolean().openapi({ example: false, description: 'More events follow: ask again with `since` = the last one’s `seq`' }),
  })
  .openapi('BoardEvents');

export const listBoardEvents = createRoute({
  operationId: 'listBoardEvents',
  description:
    'The company’s live-board events after `since`, in order, from the database: what a client missed while away, however long the live room’s memory is. Events are kept at least 7 days; beyond that the answer says `resync`. Load the board with `GET /contracts`, then follow on from its `X-Board-Seq` here or on the board socket (`?since=`): nothing falls between.',
  method: 'get',
  path: '/board/events',
  tags: ['Live board'],
  summary: 'The board events after a number (catch-up)',
  ...signedIn,
  request: {
    query: z.object({
      since: z
        .string()
        .regex(/^(0|[1-9][0-9]{0,14})$/, 'since는 0 이상의 이벤트 번호입니다')
        .transform(Number)
        .openapi({ type: 'string', pattern: '^(0|[1-9][0-9]{0,14})$', example: '42', description: 'The last event number the client has (`X-Board-Seq` of its board read)' }),
    }),
  },
  responses: {
    200: jsonResponse(BoardEventsSchema, 'The events after `since` (or `resync`)'),
    400: errorResponse('since is missing or not an event number'),
    ...authErrors,
  },
});

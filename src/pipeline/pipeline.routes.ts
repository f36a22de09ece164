import { createRoute, z } from '@hono/zod-openapi';
import { managersOnly, signedIn } from '../auth/guards';
import { authErrors, errorResponse, IdParam, jsonBody, jsonResponse, managerErrors } from '../app/openapi-helpers';
import { stageOutcome } from '../db/schema';

export const StageSchema = z
  .object({
    key: z.string().openapi({ example: 'priceNegotiation' }),
    label: z.string().openapi({ example: '가격 협의' }),
    position: z.number().int().openapi({ example: 1 }),
    outcome: z.enum(stageOutcome.enumValues).openapi({ example: 'open', description: '`won` and `lost` stages close a deal' }),
  })
  .openapi('Stage');

export const PipelineSchema = z.object({ stages: z.array(StageSchema) }).openapi('Pipeline');

const StageInput = z.object({
  key: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_-]{0,49}$/, '단계 키는 영문자로 시작하는 50자 이하의 영문/숫자/_/- 입니다')
    .openapi({ example: 'priceNegotiation' }),
  label: z.string().trim().min(1, '단계 이름을 입력하세요').max(100).openapi({ example: '가격 협의' }),
  outcome: z.enum(stageOutcome.enumValues).default('open'),
});

export const ReplaceStagesSchema = z
  .object({ stages: z.array(StageInput).min(1, '단계가 하나 이상 있어야 합니다').max(20, '단계는 20개까지입니다') })
  .refine((body) => new Set(body.stages.map((s) => s.key)).size === body.stages.length, {
    message: '단계 키가 중복되었습니다',
    path: ['stages'],
  })
  .refine((body) => body.stages[0]?.outcome === 'open', {
    message: '새 계약이 들어가는 첫 단계는 진행(open) 단계여야 합니다',
    path: ['stages', 0, 'outcome'],
  })
  .openapi('ReplaceStagesRequest');

export const getPipeline = createRoute({
  operationId: 'getPipeline',
  description: 'The stages of the caller\'s company\'s board, in order, each with its outcome (open, won or lost).',
  method: 'get',
  path: '/pipeline',
  tags: ['Pipeline'],
  summary: 'The caller’s company board: its stages in order',
  ...signedIn,
  responses: { 200: jsonResponse(PipelineSchema, 'The stages, in board order'), ...authErrors },
});

const replaceStagesResponses = {
  200: jsonResponse(PipelineSchema, 'The new board'),
  400: errorResponse('Invalid stages'),
  ...managerErrors,
  409: errorResponse('A stage that still holds contracts would be removed or change outcome'),
};

export const replaceStages = createRoute({
  operationId: 'replacePipelineStages',
  method: 'put',
  path: '/pipeline/stages',
  tags: ['Pipeline'],
  summary: 'Rename, reorder, add and remove the caller’s company’s stages (managers)',
  description: 'The body is the whole board in order. Stages that hold contracts cannot be removed or change outcome.',
  ...managersOnly,
  request: { body: jsonBody(ReplaceStagesSchema) },
  responses: replaceStagesResponses,
});

export const replaceCompanyStages = createRoute({
  operationId: 'replaceCompanyPipelineStages',
  method: 'put',
  path: '/companies/{id}/pipeline/stages',
  tags: ['Pipeline'],
  summary: 'Reshape a named company’s stages (its managers; administrators for any company)',
  description: 'As `PUT /pipeline/stages`, for the company in the path. A manager naming another company gets 404.',
  ...managersOnly,
  request: { params: IdParam, body: jsonBody(ReplaceStagesSchema) },
  responses: { ...replaceStagesResponses, 404: errorResponse('No such company (or not the manager’s own)') },
});

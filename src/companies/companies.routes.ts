import { createRoute, z } from '@hono/zod-openapi';
import { adminOnly, managersOnly } from '../auth/guards';
import { adminErrors, deletionResponses, errorResponse, IdParam, jsonBody, jsonResponse, managerErrors } from '../app/openapi-helpers';
import { pageQuery, paginated } from '../app/pagination';

export const CompanySchema = z
  .object({
    id: z.number().int().openapi({ example: 1 }),
    companyName: z.string().openapi({ example: '카메이트 강남점' }),
    companyCode: z.string().openapi({ example: 'GANGNAM' }),
    userCount: z.number().int().openapi({ example: 3 }),
  })
  .openapi('Company');

const companyName = z.string().trim().min(1, '회사명을 입력하세요').max(200).openapi({ example: '카메이트 강남점' });
const companyCode = z.string().trim().min(1, '회사 코드를 입력하세요').max(50).openapi({ example: 'GANGNAM' });

export const listCompanies = createRoute({
  operationId: 'listCompanies',
  description: 'Every company with its number of users, paged and searchable by name or code: the service administrators\' company list.',
  method: 'get',
  path: '/companies',
  tags: ['Admin'],
  summary: 'Companies, with their number of users (administrators)',
  ...adminOnly,
  request: {
    query: z.object({ ...pageQuery, searchBy: z.enum(['companyName', 'companyCode']).default('companyName') }),
  },
  responses: {
    200: jsonResponse(paginated(CompanySchema, 'CompanyList'), 'A page of companies, newest first'),
    400: errorResponse('Invalid query'),
    ...adminErrors,
  },
});

export const createCompany = createRoute({
  operationId: 'createCompany',
  description: 'Creates a company with its notification settings and a contract board from a preset, in one statement. The company code is what new staff sign up with, so it must be unused.',
  method: 'post',
  path: '/companies',
  tags: ['Admin'],
  summary: 'Create a company with its contract board (administrators)',
  ...adminOnly,
  request: {
    body: jsonBody(
      z
        .object({
          companyName,
          companyCode,
          pipelinePreset: z.enum(['standard', 'classic']).optional().openapi({
            description: 'Board stages: `standard` (the seven-stage workflow) or `classic` (the web client’s five). Default: DEFAULT_PIPELINE_PRESET',
          }),
        })
        .openapi('CreateCompanyRequest'),
    ),
  },
  responses: {
    201: jsonResponse(CompanySchema, 'Created'),
    400: errorResponse('Invalid fields'),
    ...adminErrors,
    409: errorResponse('The company code is taken'),
  },
});

export const updateCompany = createRoute({
  operationId: 'updateCompany',
  method: 'patch',
  path: '/companies/{id}',
  tags: ['Admin'],
  summary: 'Rename a company or change its code (its managers; administrators for any company)',
  description:
    'A manager may change their own company only (another company answers 404); staff get 403. ' +
    'Codes another company uses are refused (409) and counted: after 5 in 15 minutes, 429 with Retry-After.',
  ...managersOnly,
  request: {
    params: IdParam,
    body: jsonBody(z.object({ companyName: companyName.optional(), companyCode: companyCode.optional() }).openapi('UpdateCompanyRequest')),
  },
  responses: {
    200: jsonResponse(CompanySchema, 'The updated company'),
    400: errorResponse('Invalid fields'),
    ...managerErrors,
    404: errorResponse('No such company (or not the manager’s own)'),
    409: errorResponse('The company code is taken'),
    429: errorResponse('Too many taken codes tried; see Retry-After'),
  },
});

export const deleteCompany = createRoute({
  operationId: 'deleteCompany',
  description: 'Deletes the company and everything it owns (people, cars, customers, contracts, documents, notifications) atomically; its stored files leave R2 at the next Cron run.',
  method: 'delete',
  path: '/companies/{id}',
  tags: ['Admin'],
  summary: 'Delete a company and all of its data (administrators)',
  ...adminOnly,
  request: { params: IdParam },
  responses: deletionResponses('No such company', {
    403: adminErrors[403],
    409: errorResponse('Administrators cannot delete their own company'),
  }),
});

import { createRoute, z } from '@hono/zod-openapi';
import { signedIn } from '../auth/guards';
import { authErrors, binaryFile, deletionResponses, errorResponse, IdParam, jsonResponse } from '../app/openapi-helpers';
import { pageQuery, paginated } from '../app/pagination';
import { DropdownSchema } from '../contracts/contract.schemas';

const notFound = errorResponse('No such document in the caller’s company');

export const DocumentRowSchema = z
  .object({
    id: z.number().int().openapi({ example: 7, description: 'The contract id (edits go to PATCH /contracts/{id})' }),
    contractName: z.string().openapi({ example: '그랜저 - 김고객 고객님' }),
    resolutionDate: z.string().nullable().openapi({ example: '2026-11-21T17:30:00+09:00' }),
    documentCount: z.number().int().openapi({ example: 2 }),
    userName: z.string().nullable().openapi({ example: '김영업' }),
    carNumber: z.string().openapi({ example: '12가3456' }),
    documents: z.array(z.object({ id: z.number().int().openapi({ example: 12 }), fileName: z.string().openapi({ example: '매매계약서.pdf' }) })),
  })
  .openapi('ContractDocumentsRow');

export const listDocuments = createRoute({
  operationId: 'listContractDocuments',
  description: 'A page of the company\'s contracts that have documents, each with its documents, searchable by contract name, salesperson or car number.',
  method: 'get',
  path: '/contractDocuments',
  tags: ['Documents'],
  summary: 'Contracts that have documents, with their documents',
  ...signedIn,
  request: { query: z.object({ ...pageQuery, searchBy: z.enum(['contractName', 'userName', 'carNumber']).default('contractName') }) },
  responses: { 200: jsonResponse(paginated(DocumentRowSchema, 'ContractDocumentsList'), 'A page of contracts'), 400: errorResponse('Invalid query'), ...authErrors },
});

export const draftChoices = createRoute({
  operationId: 'listDraftContractChoices',
  description: 'Won contracts of the company without documents yet: where staff attach paperwork.',
  method: 'get',
  path: '/contractDocuments/draft',
  tags: ['Documents'],
  summary: 'Won contracts without documents yet, for the attach dropdown',
  ...signedIn,
  responses: { 200: jsonResponse(DropdownSchema, 'Items: "<model> - <customer> 고객님"'), ...authErrors },
});

export const downloadDocument = createRoute({
  operationId: 'downloadContractDocument',
  description: 'Streams the document from storage with its stored type, its size and its original (Korean) name for the browser to save.',
  method: 'get',
  path: '/contractDocuments/{id}/download',
  tags: ['Documents'],
  summary: 'The document’s bytes, with its original name',
  ...signedIn,
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The file, with its own type (Content-Type as stored: application/pdf, image/png…), Content-Length, and Content-Disposition with the UTF-8 name',
      content: { '*/*': { schema: binaryFile() } },
    },
    400: errorResponse('Invalid id'),
    ...authErrors,
    404: notFound,
  },
});

export const deleteDocument = createRoute({
  operationId: 'deleteContractDocument',
  description: 'Deletes the document record and its stored file: the owner of its contract (its uploader, for a draft) or an administrator.',
  method: 'delete',
  path: '/contractDocuments/{id}',
  tags: ['Documents'],
  summary: 'Delete a document and its file',
  ...signedIn,
  request: { params: IdParam },
  responses: deletionResponses('No such document in the caller’s company', {
    403: errorResponse('Only the contract’s owner (the uploader, for a draft) or an administrator'),
  }),
});

/** Documented here, served by a streaming handler: zod-openapi's body validation would buffer the whole upload. */
export const uploadDocumentDoc = {
  operationId: 'uploadContractDocument',
  method: 'post' as const,
  path: '/contractDocuments/upload',
  tags: ['Documents'],
  summary: 'Upload a contract document (streamed to storage)',
  description:
    'PDF, DOC, DOCX/XLSX, HWP, JPEG, PNG, GIF or WebP, decided by the file’s leading bytes; up to MAX_DOCUMENT_BYTES (20 MB). ' +
    'With `contractId` the document is attached at once; otherwise attach it with PATCH /contracts/{id}.',
  security: [{ bearerAuth: [] }],
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: binaryFile('The document (PDF, DOC, DOCX/XLSX, HWP, JPEG, PNG, GIF or WebP)'),
            contractId: z.string().regex(/^([1-9][0-9]{0,9})?$/).optional().openapi({ example: '7', description: 'A contract id (digits); empty or absent uploads a draft' }),
          }),
        },
      },
    },
  },
  responses: {
    201: jsonResponse(z.object({ contractDocumentId: z.number().int().openapi({ example: 12 }) }).openapi('UploadedDocument'), 'Stored'),
    400: errorResponse('No file, an empty file, or a malformed body'),
    ...authErrors,
    403: errorResponse('contractId is a contract the caller may not edit (another salesperson’s); nothing is stored'),
    404: errorResponse('contractId is not a contract of the company'),
    413: errorResponse('Larger than the limit; nothing is stored'),
    415: errorResponse('Not an accepted kind of file (judged by its bytes), or a body that is not multipart/form-data'),
  },
};

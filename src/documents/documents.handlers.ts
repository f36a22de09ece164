import { nudgeBoard } from '../live/board-room';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../app/errors';
import { pageOf } from '../app/pagination';
import type { AppEnv } from '../app/types';
import { documentKind } from '../files/file-kind';
import { attachmentDisposition, receiveUpload } from '../files/upload-request';
import { publishBoardEvents } from '../live/board-room';
import { toZonedIso } from '../time/zoned';
import * as queries from './documents.queries';
import type * as routes from './documents.routes';

const NOT_FOUND = '계약서 문서를 찾을 수 없습니다';

export async function uploadDocument(c: Context<AppEnv>) {
  const { caller, config, db } = c.var;
  const key = `${caller.companyId}/documents/${crypto.randomUUID()}`;
  const upload = await receiveUpload(c, key, {
    maxBytes: config.MAX_DOCUMENT_BYTES,
    fields: ['contractId'],
    identify: documentKind,
    unsupported: 'PDF, DOC, DOCX, XLSX, HWP, JPEG, PNG, GIF, WebP 파일만 올릴 수 있습니다',
  });
  const given = upload.fields.contractId;
  const contractId = given ? Number(given) : undefined;
  try {
    // Digits only: Number() would also read " 0x1F " or "1e3".
    if (given && !(/^[1-9]\d{0,9}$/.test(given) && contractId! < 2 ** 31)) {
      throw new AppError('BAD_REQUEST', 'contractId는 계약 번호(숫자)여야 합니다');
    }
    const inserted = await queries.insertDocument(db, caller, { key, fileName: upload.fileName, size: upload.size, mimeType: upload.kind.mimeType, contractId });
    if ('error' in inserted) {
      throw inserted.error === 'forbidden'
        ? new AppError('FORBIDDEN', '담당자만 이 계약에 문서를 올릴 수 있습니다')
        : new AppError('NOT_FOUND', '계약을 찾을 수 없습니다');
    }
    const { id } = inserted;
    publishBoardEvents(c, caller.companyId, inserted.events);
    return c.json({ contractDocumentId: id }, 201);
  } catch (err) {
    await c.env.FILES.delete(key); // no record, no object
    throw err;
  }
}

export const listDocuments: RouteHandler<typeof routes.listDocuments, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const { rows, total, capped } = await queries.listDocuments(c.var.db, c.var.caller.companyId, query);
  const data = rows.map((r) => ({
    id: r.id,
    contractName: r.contract_name,
    resolutionDate: r.resolution_date ? toZonedIso(r.resolution_date, r.timezone) : null,
    documentCount: r.document_count,
    userName: r.user_name,
    carNumber: r.car_number,
    documents: r.documents,
  }));
  return c.json(pageOf(data, total, query.page, query.pageSize, capped), 200);
};

export const draftChoices: RouteHandler<typeof routes.draftChoices, AppEnv> = async (c) =>
  c.json(await queries.draftChoices(c.var.db, c.var.caller.companyId), 200);

export const downloadDocument: RouteHandler<typeof routes.downloadDocument, AppEnv> = async (c) => {
  const doc = await queries.findDocument(c.var.db, c.var.caller.companyId, c.req.valid('param').id);
  if (!doc) throw new AppError('NOT_FOUND', NOT_FOUND);
  const object = await c.env.FILES.get(doc.file_path);
  if (!object) throw new AppError('NOT_FOUND', '파일이 저장소에 없습니다');
  return new Response(object.body, {
    headers: {
      'Content-Type': doc.mime_type,
      'Content-Length': String(object.size),
      'Content-Disposition': attachmentDisposition(doc.original_name),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  }) as never;
};

export const deleteDocument: RouteHandler<typeof routes.deleteDocument, AppEnv> = async (c) => {
  const result = await queries.deleteDocument(c.var.db, c.var.caller, c.req.valid('param').id);
  if ('error' in result) {
    throw result.error === 'not_found' ? new AppError('NOT_FOUND', NOT_FOUND) : new AppError('FORBIDDEN', '담당자만 삭제가 가능합니다');
  }
  await c.env.FILES.delete(result.key);
  nudgeBoard(c, c.var.caller.companyId); // an attached document leaves its card (a board event, migration 0017)
  return c.body(null, 204);
};

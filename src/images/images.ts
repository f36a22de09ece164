// Profile pictures and other images: uploaded by staff, served publicly by unguessable URL (the web client's
// <Image> fetches them without credentials). Their bytes never change, but an image can be deleted (by its uploader
// or an administrator, with its account, with its company), so caches keep it a day and then revalidate.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createRouter } from '../app/create-app';
import { AppError } from '../app/errors';
import { authErrors, binaryFile, errorResponse, jsonResponse } from '../app/openapi-helpers';
import type { AppEnv } from '../app/types';
import { uploadRoute } from '../files/upload-route';
import { imageKind } from '../files/file-kind';
import { receiveUpload } from '../files/upload-request';
import { sql } from 'drizzle-orm';
import { signedIn } from '../auth/guards';
import { rowsOf } from '../db/errors';
import { queueObjects } from '../files/object-deletions';
import { sameImage } from '../users/users.queries';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

const uploadImageDoc = {
  operationId: 'uploadImage',
  description: 'Streams an image (a profile picture) into storage and answers its absolute public URL. The kind is judged by the file\'s leading bytes; only the file field is accepted.',
  method: 'post' as const,
  path: '/images/upload',
  tags: ['Images'],
  summary: 'Upload an image (JPEG, PNG, GIF, WebP; up to 5 MB)',
  security: [{ bearerAuth: [] }],
  request: {
    body: { required: true, content: { 'multipart/form-data': { schema: z.object({ file: binaryFile('A JPEG, PNG, GIF or WebP image') }) } } },
  },
  responses: {
    201: jsonResponse(z.object({ imageUrl: z.string().url().openapi({ example: 'https://api.carmate.example/images/1/0b6f2c1d.png' }) }).openapi('UploadedImage'), 'Stored; the absolute URL serves it'),
    400: errorResponse('No file or an empty file'),
    ...authErrors,
    413: errorResponse('Larger than 5 MB'),
    415: errorResponse('Not a JPEG, PNG, GIF or WebP (judged by its bytes), or a body that is not multipart/form-data'),
  },
};

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp' };

async function uploadImage(c: Context<AppEnv>) {
  const { caller, db } = c.var;
  const name = crypto.randomUUID();
  const key = `${caller.companyId}/images/${name}`;
  const upload = await receiveUpload(c, key, {
    maxBytes: MAX_IMAGE_BYTES,
    identify: (head) => imageKind(head),
    unsupported: 'JPEG, PNG, GIF, WebP 이미지만 올릴 수 있습니다',
  });
  const imageUrl = `${new URL(c.req.url).origin}/images/${caller.companyId}/${name}.${EXTENSIONS[upload.kind.mimeType]}`;
  try {
    await db.execute(sql`insert into uploaded_images (image_url, file_path, file_size, mime_type, company_id, uploaded_by)
      values (${imageUrl}, ${key}, ${upload.size}, ${upload.kind.mimeType}, ${caller.companyId}, ${caller.userId})`);
  } catch (err) {
    await c.env.FILES.delete(key);
    throw err;
  }
  return c.json({ imageUrl }, 201);
}

const imageParams = z.object({
  companyId: z.string().regex(/^\d{1,10}$/).openapi({ param: { name: 'companyId', in: 'path' }, example: '1' }),
  file: z.string().regex(/^[0-9a-f-]{36}\.(jpg|png|gif|webp)$/).openapi({ param: { name: 'file', in: 'path' }, example: '0b6f2c1d-3d2b-4d8e-9a51-7f0c3a9e44d1.png' }),
});

const getImage = createRoute({
  operationId: 'getImage',
  description: 'Serves an uploaded image without credentials (the web client\'s image tags cannot send a token); its URL is unguessable. Cached for a day.',
  method: 'get',
  path: '/images/{companyId}/{file}',
  tags: ['Images'],
  summary: 'An uploaded image (public by its unguessable URL)',
  request: { params: imageParams },
  responses: {
    200: { description: 'The image', content: { 'image/*': { schema: binaryFile() } } },
    400: errorResponse('Not an image URL of this API'),
    404: errorResponse('No such image'),
  },
});

const deleteImage = createRoute({
  operationId: 'deleteImage',
  description: 'Removes an image from storage at once; profiles in the company that showed it lose their picture. Another company\'s image is 404.',
  method: 'delete',
  path: '/images/{companyId}/{file}',
  tags: ['Images'],
  summary: 'Delete an image: its uploader or an administrator; profiles showing it lose their picture',
  ...signedIn,
  request: { params: imageParams },
  responses: {
    204: { description: 'Deleted; its URL answers 404 from now on' },
    400: errorResponse('Not an image URL of this API'),
    ...authErrors,
    403: errorResponse('Only the uploader or an administrator'),
    404: errorResponse('No such image in the caller’s company'),
  },
});

const imageKey = (companyId: string, file: string) => `${companyId}/images/${file.replace(/\.[a-z]+$/, '')}`;

export const imagesRouter = createRouter();
uploadRoute(imagesRouter, uploadImageDoc, uploadImage);
imagesRouter.openapi(getImage, async (c) => {
  const { companyId, file } = c.req.valid('param');
  const object = await c.env.FILES.get(imageKey(companyId, file));
  if (!object) throw new AppError('NOT_FOUND', '이미지를 찾을 수 없습니다');
  return new Response(object.body, {
    headers: {
      'Content-Type': object.httpMetadata?.contentType ?? 'application/octet-stream',
      'Content-Length': String(object.size),
      'Cache-Control': 'public, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
      ETag: object.httpEtag,
    },
  }) as never;
});

imagesRouter.openapi(deleteImage, async (c) => {
  const { companyId, file } = c.req.valid('param');
  const { caller, db } = c.var;
  const key = imageKey(companyId, file);
  // Another company's image is simply not found: the key is only looked up inside the caller's company.
  const result = await db.execute(sql`
    with image as (
      select id, file_path, image_url, (uploaded_by is null or uploaded_by = ${caller.userId} or ${caller.isAdmin}) as may_delete
      from uploaded_images where file_path = ${key} and company_id = ${caller.companyId}
    ), deleted as (
      delete from uploaded_images where id in (select id from image where may_delete) returning file_path, image_url
    ), unset as (
      update users set image_url = null, updated_at = now()
      where company_id = ${caller.companyId} and exists (select 1 from deleted d where ${sameImage(sql`users.image_url`, sql`d.image_url`)})
    ), queued as (${queueObjects(sql`select file_path from deleted`)})
    select exists (select 1 from image) as found, exists (select 1 from deleted) as deleted`);
  const row = rowsOf<{ found: boolean; deleted: boolean }>(result)[0]!;
  if (!row.found) throw new AppError('NOT_FOUND', '이미지를 찾을 수 없습니다');
  if (!row.deleted) throw new AppError('FORBIDDEN', '올린 사람이나 관리자만 삭제할 수 있습니다');
  // Gone from R2 now; the queued row (drained by the Cron job) covers a delete that fails here.
  await c.env.FILES.delete(key);
  return c.body(null, 204);
});

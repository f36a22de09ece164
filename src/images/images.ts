// Profile pictures and other images: uploaded by staff, served publicly by unguessable URL (the web client's
// <Image> fetches them without credentials), immutable, so they cache for a year.
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

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

const uploadImageDoc = {
  operationId: 'uploadImage',
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

const getImage = createRoute({
  operationId: 'getImage',
  method: 'get',
  path: '/images/{companyId}/{file}',
  tags: ['Images'],
  summary: 'An uploaded image (public, immutable)',
  request: {
    params: z.object({
      companyId: z.string().regex(/^\d{1,10}$/).openapi({ param: { name: 'companyId', in: 'path' }, example: '1' }),
      file: z.string().regex(/^[0-9a-f-]{36}\.(jpg|png|gif|webp)$/).openapi({ param: { name: 'file', in: 'path' }, example: '0b6f2c1d-….png' }),
    }),
  },
  responses: {
    200: { description: 'The image', content: { 'image/*': { schema: binaryFile() } } },
    400: errorResponse('Not an image URL of this API'),
    404: errorResponse('No such image'),
  },
});

export const imagesRouter = createRouter();
uploadRoute(imagesRouter, uploadImageDoc, uploadImage);
imagesRouter.openapi(getImage, async (c) => {
  const { companyId, file } = c.req.valid('param');
  const object = await c.env.FILES.get(`${companyId}/images/${file.replace(/\.[a-z]+$/, '')}`);
  if (!object) throw new AppError('NOT_FOUND', '이미지를 찾을 수 없습니다');
  return new Response(object.body, {
    headers: {
      'Content-Type': object.httpMetadata?.contentType ?? 'application/octet-stream',
      'Content-Length': String(object.size),
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      ETag: object.httpEtag,
    },
  }) as never;
});

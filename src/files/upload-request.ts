// One uploaded file from a multipart request, streamed into R2 as it arrives, plus the request's small text fields.
import type { Context } from 'hono';
import { AppError } from '../app/errors';
import type { FileKind } from './file-kind';
import { multipartBoundary, readMultipart } from './multipart-stream';
import { streamToR2, type StoredFile } from './r2-upload';

const MAX_FIELD_BYTES = 1024;

export interface ReceivedUpload extends StoredFile {
  fileName: string;
  fields: Record<string, string>;
}

/**
 * Reads the multipart body of `c`: the `file` part goes straight to R2 under `key`; other small fields are
 * returned. Fails early (413) on a declared length over the limit, without reading the body.
 */
export async function receiveUpload(
  c: Context,
  key: string,
  options: { maxBytes: number; identify(head: Uint8Array, fileName: string): FileKind | undefined; unsupported: string },
): Promise<ReceivedUpload> {
  const boundary = multipartBoundary(c.req.header('Content-Type'));
  const declared = Number(c.req.header('Content-Length') ?? 0);
  if (declared > options.maxBytes + 64 * 1024) {
    throw new AppError('PAYLOAD_TOO_LARGE', `파일은 ${Math.floor(options.maxBytes / 1024 / 1024)}MB 이하여야 합니다`);
  }
  if (!c.req.raw.body) throw new AppError('BAD_REQUEST', 'file 필드에 파일이 없습니다');

  const fields: Record<string, string> = {};
  let stored: (StoredFile & { fileName: string }) | undefined;
  try {
    for await (const part of readMultipart(c.req.raw.body, boundary)) {
    if (part.name === 'file' && part.filename !== undefined && !stored) {
      const fileName = part.filename.normalize('NFC').slice(0, 255) || 'file';
      const file = await streamToR2(c.env.FILES, key, part.body, {
        maxBytes: options.maxBytes,
        identify: (head) => options.identify(head, fileName),
        unsupported: options.unsupported,
      });
      stored = { ...file, fileName };
      continue;
    }
    let text = '';
    for await (const chunk of part.body) {
      text += new TextDecoder().decode(chunk, { stream: true });
      if (text.length > MAX_FIELD_BYTES) throw new AppError('BAD_REQUEST', `${part.name} 필드가 너무 깁니다`);
    }
    fields[part.name] = text;
    }
  } catch (err) {
    if (stored) await c.env.FILES.delete(key); // the file arrived but the request did not: keep no orphan
    throw err;
  }
  if (!stored) throw new AppError('BAD_REQUEST', 'file 필드에 파일이 없습니다');
  return { ...stored, fields };
}

/** `Content-Disposition` for a download, keeping a Korean name intact (RFC 6266 / RFC 5987). */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

// Uploads arrive as multipart/form-data with the file in `file`. One reader serves every upload route: it streams
// the body part by part, hands the file part to the route (into R2, or into memory for a CSV), keeps the small
// text fields, and refuses an oversized body by its declared length before reading it.
import type { Context } from 'hono';
import { discardRest } from '../app/discard-body';
import { AppError } from '../app/errors';
import type { AppEnv } from '../app/types';
import type { FileKind } from './file-kind';
import { multipartBoundary, readMultipart, type Part } from './multipart-stream';
import { streamToR2, tooLarge, type StoredFile } from './r2-upload';

const MAX_FIELD_BYTES = 1024;
type Received<T> = { file: T; fileName: string; fields: Record<string, string> };

async function readUpload<T>(
  c: Context<AppEnv>,
  maxBytes: number,
  takeFile: (part: Part) => Promise<T>,
  cleanUp: () => Promise<void> = async () => {},
): Promise<Received<T>> {
  const body = c.req.raw.body;
  if (!body) throw new AppError('BAD_REQUEST', 'file 필드에 파일이 없습니다');
  const boundary = multipartBoundary(c.req.header('Content-Type'));
  if (Number(c.req.header('Content-Length') ?? 0) > maxBytes + 64 * 1024) {
    await discardRest(body); // declared too large: refuse without storing a byte
    throw tooLarge(maxBytes);
  }

  const fields: Record<string, string> = {};
  let received: { file: T; fileName: string } | undefined;
  try {
    for await (const part of readMultipart(body, boundary)) {
      if (part.name === 'file' && part.filename !== undefined && !received) {
        received = { file: await takeFile(part), fileName: part.filename.normalize('NFC').slice(0, 255) || 'file' };
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
    if (received) await cleanUp(); // the file arrived but the request did not: keep no orphan
    await discardRest(body);
    throw err;
  }
  if (!received) throw new AppError('BAD_REQUEST', 'file 필드에 파일이 없습니다');
  return { ...received, fields };
}

export interface ReceivedUpload extends StoredFile {
  fileName: string;
  fields: Record<string, string>;
}

/** The file streamed straight into R2 under `key`: the Worker holds one part buffer, never the file. */
export async function receiveUpload(
  c: Context<AppEnv>,
  key: string,
  options: { maxBytes: number; identify(head: Uint8Array, fileName: string): FileKind | undefined; unsupported: string },
): Promise<ReceivedUpload> {
  const { file, fileName, fields } = await readUpload(
    c,
    options.maxBytes,
    (part) =>
      streamToR2(c.env.FILES, key, part.body, {
        maxBytes: options.maxBytes,
        identify: (head) => options.identify(head, (part.filename ?? '').normalize('NFC')),
        unsupported: options.unsupported,
      }),
    () => c.env.FILES.delete(key),
  );
  return { ...file, fileName, fields };
}

/** The file's bytes, for files that are parsed whole anyway (CSV), up to `maxBytes`. */
export async function receiveFileBytes(c: Context<AppEnv>, maxBytes: number): Promise<{ bytes: Uint8Array; fileName: string }> {
  const { file, fileName } = await readUpload(c, maxBytes, async (part) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of part.body) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) (bytes.set(chunk, offset), (offset += chunk.length));
    return bytes;
  });
  if (!file.length) throw new AppError('BAD_REQUEST', '빈 파일입니다');
  return { bytes: file, fileName };
}

/** `Content-Disposition` for a download, keeping a Korean name intact (RFC 6266 / RFC 5987). */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

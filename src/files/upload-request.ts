// Uploads arrive as multipart/form-data with the file in `file`. One reader serves every upload route: it streams
// the body part by part, hands the file part to the route (into R2, or into memory for a CSV), and keeps the route's
// few known text fields. Every body byte is counted as it arrives, declared length or not: a body may carry the
// file plus a small envelope (boundaries, part headers, fields) and nothing more.
import type { Context } from 'hono';
import { discardRest } from '../app/discard-body';
import { AppError } from '../app/errors';
import type { AppEnv } from '../app/types';
import type { FileKind } from './file-kind';
import { multipartBoundary, readMultipart, type Part } from './multipart-stream';
import { streamToR2, tooLarge, type StoredFile } from './r2-upload';

/** A text field's most bytes (a contract id needs ten). */
const MAX_FIELD_BYTES = 1024;
/** Room for boundaries, part headers and the known fields around the file. */
export const ENVELOPE_BYTES = 64 * 1024;

type Received<T, F extends string> = { file: T; fileName: string; fields: Partial<Record<F, string>> };

async function readUpload<T, F extends string>(
  c: Context<AppEnv>,
  options: { maxBytes: number; fields: readonly F[] },
  takeFile: (part: Part) => Promise<T>,
  cleanUp: () => Promise<void> = async () => {},
): Promise<Received<T, F>> {
  const { maxBytes } = options;
  const body = c.req.raw.body;
  if (!body) throw new AppError('BAD_REQUEST', 'file 필드에 파일이 없습니다');
  const boundary = multipartBoundary(c.req.header('Content-Type'));
  if (Number(c.req.header('Content-Length') ?? 0) > maxBytes + ENVELOPE_BYTES) {
    await discardRest(body); // declared too large: refuse without storing a byte
    throw tooLarge(maxBytes);
  }

  const known = new Set<string>(options.fields);
  const fields: Partial<Record<F, string>> = {};
  let received: { file: T; fileName: string } | undefined;
  try {
    for await (const part of readMultipart(body, boundary, { bytes: maxBytes + ENVELOPE_BYTES, tooLarge: () => tooLarge(maxBytes) })) {
      if (part.name === 'file') {
        if (received || part.filename === undefined) throw new AppError('BAD_REQUEST', 'file 필드에는 파일 하나만 보내세요');
        received = { file: await takeFile(part), fileName: part.filename.normalize('NFC').slice(0, 255) || 'file' };
        continue;
      }
      if (!known.has(part.name) || part.filename !== undefined) {
        const expected = ['file', ...options.fields].join(', ');
        throw new AppError('BAD_REQUEST', `알 수 없는 필드입니다: ${part.name.slice(0, 50)} (expected: ${expected})`);
      }
      if (fields[part.name as F] !== undefined) throw new AppError('BAD_REQUEST', `${part.name} 필드가 두 번 왔습니다`);
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of part.body) {
        size += chunk.length;
        if (size > MAX_FIELD_BYTES) throw new AppError('BAD_REQUEST', `${part.name} 필드가 너무 깁니다 (${MAX_FIELD_BYTES} bytes)`);
        chunks.push(chunk);
      }
      fields[part.name as F] = new TextDecoder().decode(concatAll(chunks, size));
    }
    // What follows the closing boundary counts too: read it (a client still sending must get our answer), but only
    // as much as the envelope allows.
    await readEpilogue(body, ENVELOPE_BYTES, () => tooLarge(maxBytes));
  } catch (err) {
    if (received) await cleanUp(); // the file arrived but the request did not: keep no orphan
    await discardRest(body);
    throw err;
  }
  if (!received) throw new AppError('BAD_REQUEST', 'file 필드에 파일이 없습니다');
  return { ...received, fields };
}

async function readEpilogue(body: ReadableStream<Uint8Array>, limit: number, tooLarge: () => Error): Promise<void> {
  const reader = body.getReader();
  let seen = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if ((seen += value.length) > limit) throw tooLarge();
    }
  } finally {
    reader.releaseLock();
  }
}

function concatAll(chunks: Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) (bytes.set(chunk, offset), (offset += chunk.length));
  return bytes;
}

export interface ReceivedUpload<F extends string> extends StoredFile {
  fileName: string;
  fields: Partial<Record<F, string>>;
}

/** The file streamed straight into R2 under `key`: the Worker holds one part buffer, never the file. */
export async function receiveUpload<F extends string = never>(
  c: Context<AppEnv>,
  key: string,
  options: { maxBytes: number; fields?: readonly F[]; identify(head: Uint8Array, fileName: string): FileKind | undefined; unsupported: string },
): Promise<ReceivedUpload<F>> {
  const { file, fileName, fields } = await readUpload(
    c,
    { maxBytes: options.maxBytes, fields: options.fields ?? [] },
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

/**
 * The file handed to `consume` chunk by chunk as it arrives (a CSV is parsed while it streams), up to `maxBytes`.
 * `consume` may throw to refuse the upload at once; the rest of the body is then drained, not read.
 */
export async function receiveFileChunks(c: Context<AppEnv>, maxBytes: number, consume: (chunk: Uint8Array) => void): Promise<{ size: number; fileName: string }> {
  const { file: size, fileName } = await readUpload(c, { maxBytes, fields: [] }, async (part) => {
    let size = 0;
    for await (const chunk of part.body) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      consume(chunk);
    }
    return size;
  });
  if (!size) throw new AppError('BAD_REQUEST', '빈 파일입니다');
  return { size, fileName };
}

/** `Content-Disposition` for a download, keeping a Korean name intact (RFC 6266 / RFC 5987). */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

// A streaming multipart/form-data reader: parts arrive one at a time and a file part's bytes are handed on as they
// come, so an upload is never held whole in memory (workerd's formData() would buffer it all).
import { AppError } from '../app/errors';

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  /** The part's bytes, in order. Read it to the end (or stop reading the whole request) before the next part. */
  body: AsyncIterable<Uint8Array>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const MAX_HEADER_BYTES = 16 * 1024;

function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0];
  outer: for (let i = haystack.indexOf(first!, from); i !== -1 && i <= haystack.length - needle.length; i = haystack.indexOf(first!, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (!a.length) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The boundary of a multipart/form-data Content-Type, or a 415 when the request is not one. */
export function multipartBoundary(contentType: string | undefined): string {
  const match = /^multipart\/form-data\s*;(?:.*;)?\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'multipart/form-data 요청의 file 필드로 파일을 보내세요');
  return boundary;
}

function malformed(): AppError {
  return new AppError('BAD_REQUEST', '업로드 요청을 읽을 수 없습니다 (malformed multipart body)');
}

/** Content-Disposition parameters, with RFC 5987 `filename*` preferred and raw UTF-8 names as browsers send them. */
function parseHeaders(block: string): { name: string; filename?: string; contentType?: string } {
  let name: string | undefined;
  let filename: string | undefined;
  let contentType: string | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-type') contentType = value;
    if (key !== 'content-disposition') continue;
    name = /;\s*name="((?:[^"\\]|\\.)*)"/i.exec(value)?.[1] ?? /;\s*name=([^;\s]+)/i.exec(value)?.[1];
    const extended = /;\s*filename\*\s*=\s*(?:UTF-8|utf-8)''([^;\s]+)/.exec(value)?.[1];
    const plain = /;\s*filename="((?:[^"\\]|\\.)*)"/i.exec(value)?.[1] ?? /;\s*filename=([^;\s]+)/i.exec(value)?.[1];
    if (extended) {
      try {
        filename = decodeURIComponent(extended);
      } catch {
        filename = plain;
      }
    } else if (plain !== undefined) {
      filename = plain.replace(/\\(.)/g, '$1');
    }
  }
  if (name === undefined) throw malformed();
  return { name, filename, contentType };
}

/**
 * Reads the parts of `stream` one by one. Every byte read counts against `limit.bytes`, whatever the request
 * declared (or not: chunked bodies have no Content-Length), and `limit.tooLarge()` is thrown past it.
 */
export async function* readMultipart(
  stream: ReadableStream<Uint8Array>,
  boundary: string,
  limit: { bytes: number; tooLarge(): Error } = { bytes: Infinity, tooLarge: () => malformed() },
): AsyncGenerator<Part> {
  const reader = stream.getReader();
  let received = 0;
  const opening = encoder.encode(`--${boundary}`);
  const delimiter = encoder.encode(`\r\n--${boundary}`);
  const headerEnd = encoder.encode('\r\n\r\n');
  let buffer: Uint8Array = new Uint8Array(0);
  let done = false;

  const pull = async (): Promise<boolean> => {
    if (done) return false;
    const { value, done: finished } = await reader.read();
    if (finished) {
      done = true;
      return false;
    }
    received += value.length;
    if (received > limit.bytes) throw limit.tooLarge();
    buffer = concat(buffer, value);
    return true;
  };

  try {
    // Preamble, then the first boundary line.
    let start: number;
    while ((start = indexOf(buffer, opening)) < 0) {
      if (buffer.length > MAX_HEADER_BYTES || !(await pull())) throw malformed(); // a preamble is never this long
    }
    buffer = buffer.subarray(start + opening.length);

    for (;;) {
      while (buffer.length < 2) if (!(await pull())) throw malformed();
      if (buffer[0] === 0x2d && buffer[1] === 0x2d) return; // "--": the closing boundary
      let end: number;
      while ((end = indexOf(buffer, headerEnd)) < 0) {
        if (buffer.length > MAX_HEADER_BYTES || !(await pull())) throw malformed();
      }
      const headers = parseHeaders(decoder.decode(buffer.subarray(0, end)).replace(/^\r\n/, ''));
      buffer = buffer.subarray(end + headerEnd.length);

      let finished = false;
      const body = async function* (): AsyncGenerator<Uint8Array> {
        for (;;) {
          const at = indexOf(buffer, delimiter);
          if (at >= 0) {
            if (at > 0) yield buffer.slice(0, at);
            buffer = buffer.subarray(at + delimiter.length);
            finished = true;
            return;
          }
          // Keep what could be the start of a delimiter split across chunks; hand on the rest.
          const safe = buffer.length - (delimiter.length - 1);
          if (safe > 0) {
            yield buffer.slice(0, safe);
            buffer = buffer.subarray(safe);
          }
          if (!(await pull())) throw malformed();
        }
      };
      yield { ...headers, body: body() };
      if (!finished) for await (const _ of body()) void _; // the caller skipped it: drain to the next boundary
    }
  } finally {
    reader.releaseLock();
  }
}

// Streams an upload into R2 in fixed-size parts: memory holds one part (5 MiB), never the whole file.
import { AppError } from '../app/errors';
import { SNIFF_BYTES, type FileKind } from './file-kind';

/** R2's minimum size for every part but the last (and all those parts must be equal). */
export const R2_PART_BYTES = 5 * 1024 * 1024;

export function tooLarge(maxBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `파일은 ${Math.floor(maxBytes / 1024 / 1024)}MB 이하여야 합니다`);
}

export interface StoredFile {
  size: number;
  kind: FileKind;
}

export async function streamToR2(
  bucket: R2Bucket,
  key: string,
  body: AsyncIterable<Uint8Array>,
  options: { maxBytes: number; identify(head: Uint8Array): FileKind | undefined; unsupported: string },
): Promise<StoredFile> {
  const part = new Uint8Array(Math.min(R2_PART_BYTES, options.maxBytes + 1));
  let filled = 0;
  let size = 0;
  let kind: FileKind | undefined;
  let upload: R2MultipartUpload | undefined;
  const parts: R2UploadedPart[] = [];

  try {
    return await store();
  } catch (err) {
    // Whatever stopped the upload (too large, the wrong kind, a body cut off, the client gone), no parts stay behind.
    await upload?.abort().catch(() => {});
    throw err;
  }

  async function store(): Promise<StoredFile> {
    for await (const chunk of body) {
      size += chunk.length;
      if (size > options.maxBytes) throw tooLarge(options.maxBytes);
      let offset = 0;
      while (offset < chunk.length) {
        const n = Math.min(part.length - filled, chunk.length - offset);
        part.set(chunk.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (!kind && filled >= SNIFF_BYTES) {
          kind = options.identify(part.subarray(0, filled));
          if (!kind) throw new AppError('UNSUPPORTED_MEDIA_TYPE', options.unsupported);
        }
        if (filled === part.length) {
          upload ??= await bucket.createMultipartUpload(key, { httpMetadata: { contentType: kind!.mimeType } });
          parts.push(await upload.uploadPart(parts.length + 1, part));
          filled = 0;
        }
      }
    }

    if (size === 0) throw new AppError('BAD_REQUEST', '빈 파일입니다');
    kind ??= options.identify(part.subarray(0, filled));
    if (!kind) throw new AppError('UNSUPPORTED_MEDIA_TYPE', options.unsupported);
    if (!upload) {
      await bucket.put(key, part.subarray(0, filled), { httpMetadata: { contentType: kind.mimeType } });
    } else {
      if (filled > 0) parts.push(await upload.uploadPart(parts.length + 1, part.subarray(0, filled)));
      await upload.complete(parts);
    }
    return { size, kind: kind! };
  }
}

// The streaming multipart reader against what real clients produce, cut into every kind of chunk.
import { describe, expect, it } from 'vitest';
import { multipartBoundary, readMultipart } from '../../src/files/multipart-stream';

async function encode(form: FormData): Promise<{ bytes: Uint8Array; contentType: string }> {
  const res = new Response(form);
  return { bytes: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get('content-type')! };
}

function chunked(bytes: Uint8Array, size: (i: number) => number): ReadableStream<Uint8Array> {
  let offset = 0;
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      const n = Math.max(1, size(i++));
      controller.enqueue(bytes.slice(offset, offset + n));
      offset += n;
    },
  });
}

async function readAll(stream: ReadableStream<Uint8Array>, boundary: string) {
  const parts = [];
  for await (const part of readMultipart(stream, boundary)) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of part.body) chunks.push(chunk);
    parts.push({ name: part.name, filename: part.filename, contentType: part.contentType, bytes: Buffer.concat(chunks) });
  }
  return parts;
}

describe('readMultipart', () => {
  it('reads fields and files exactly, Korean names included, however the bytes are chunked', async () => {
    const file = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    // Put a lookalike of the boundary's start inside the file, the classic trap.
    file.set(new TextEncoder().encode('\r\n--'), 1000);
    const form = new FormData();
    form.append('contractId', '42');
    form.append('file', new Blob([file], { type: 'application/pdf' }), '매매 계약서 (최종).pdf');
    form.append('after', '끝');
    const { bytes, contentType } = await encode(form);
    const boundary = multipartBoundary(contentType);
    for (const size of [() => 1, () => 7, () => 4096, (i: number) => (i * 37) % 300, () => bytes.length]) {
      const parts = await readAll(chunked(bytes, size), boundary);
      expect(parts.map((p) => [p.name, p.filename])).toEqual([['contractId', undefined], ['file', '매매 계약서 (최종).pdf'], ['after', undefined]]);
      expect(parts[0]!.bytes.toString()).toBe('42');
      expect(parts[1]!.contentType).toBe('application/pdf');
      expect(Buffer.compare(parts[1]!.bytes, Buffer.from(file))).toBe(0);
      expect(parts[2]!.bytes.toString()).toBe('끝');
    }
  });

  it('skips parts the caller does not read', async () => {
    const form = new FormData();
    form.append('skip', new Blob(['x'.repeat(10_000)]), 'a.bin');
    form.append('file', new Blob(['hello']), 'b.txt');
    const { bytes, contentType } = await encode(form);
    const names = [];
    for await (const part of readMultipart(chunked(bytes, () => 333), multipartBoundary(contentType))) {
      names.push(part.name);
      if (part.name === 'file') {
        let text = '';
        for await (const chunk of part.body) text += new TextDecoder().decode(chunk);
        expect(text).toBe('hello');
      }
    }
    expect(names).toEqual(['skip', 'file']);
  });

  it('reads RFC 5987 filename* and refuses a truncated body or a non-multipart type', async () => {
    const body = '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="fallback.pdf"; filename*=UTF-8\'\'%EA%B3%84%EC%95%BD.pdf\r\n\r\ndata\r\n--XYZ--\r\n';
    const [part] = await readAll(chunked(new TextEncoder().encode(body), () => 5), 'XYZ');
    expect(part!.filename).toBe('계약.pdf');
    await expect(readAll(chunked(new TextEncoder().encode(body.slice(0, 60)), () => 9), 'XYZ')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(() => multipartBoundary('application/json')).toThrow();
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
  });
});

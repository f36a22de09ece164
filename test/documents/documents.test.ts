import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createUser, salesperson, signIn } from '../support/accounts';
import { openContract, patchContract } from '../support/board';
import { readJson } from '../support/http';

const ctx = useApi();

const pdf = (size = 2048) => {
  const bytes = new Uint8Array(size).map((_, i) => (i * 7 + 3) % 256);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  return bytes;
};

function upload(token: string, bytes: Uint8Array, fileName: string, fields: Record<string, string> = {}, path = '/contractDocuments/upload') {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), fileName);
  return ctx.api.fetch(path, { method: 'POST', headers: bearer(token), body: form });
}

const sha = (bytes: Uint8Array | ArrayBuffer) => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');
const documentRows = (companyId: number) => ctx.db.query<{ id: number; file_path: string }>('select id, file_path from contract_documents where company_id = $1', [companyId]);

describe('contract documents', () => {
  it('upload → attach → list → search → download gives back the identical bytes and the Korean name', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const { contract } = await openContract(ctx.api, ctx.db, me);
    await patchContract(ctx.api, me.token, contract.id, { status: 'contractSuccessful', resolutionDate: '2026-11-21T17:30:00' });
    const draft = await readJson(await ctx.api.fetch('/contractDocuments/draft', { headers: bearer(me.token) }));
    expect(draft).toEqual([{ id: contract.id, data: `아반떼 - ${contract.customer.name} 고객님` }]);

    const bytes = pdf(300_000);
    const res = await upload(me.token, bytes, '매매 계약서 (최종).pdf');
    expect(res.status).toBe(201);
    const { contractDocumentId } = await readJson(res);
    const patched = await readJson(await patchContract(ctx.api, me.token, contract.id, { contractDocuments: [{ id: contractDocumentId, fileName: '매매 계약서 (최종).pdf' }] }));
    expect(patched.contractDocuments).toEqual([{ id: contractDocumentId, fileName: '매매 계약서 (최종).pdf' }]);

    const list = await readJson(await ctx.api.fetch('/contractDocuments?page=1&pageSize=8&searchBy=contractName&keyword=', { headers: bearer(me.token) }));
    expect(list).toMatchObject({ currentPage: 1, totalItemCount: 1 });
    expect(list.data[0]).toEqual({
      id: contract.id, contractName: `아반떼 - ${contract.customer.name} 고객님`, resolutionDate: '2026-11-21T17:30:00+09:00',
      documentCount: 1, userName: expect.any(String), carNumber: contract.car.carNumber,
      documents: [{ id: contractDocumentId, fileName: '매매 계약서 (최종).pdf' }],
    });
    for (const [searchBy, keyword] of [['contractName', '아반떼'], ['carNumber', contract.car.carNumber], ['userName', patched.user.name]]) {
      const found = await readJson(await ctx.api.fetch(`/contractDocuments?searchBy=${searchBy}&keyword=${encodeURIComponent(keyword)}`, { headers: bearer(me.token) }));
      expect(found.totalItemCount, searchBy).toBe(1);
    }
    expect((await readJson(await ctx.api.fetch('/contractDocuments?searchBy=carNumber&keyword=nothing', { headers: bearer(me.token) }))).totalItemCount).toBe(0);
    expect(await readJson(await ctx.api.fetch('/contractDocuments/draft', { headers: bearer(me.token) }))).toEqual([]);

    const download = await ctx.api.fetch(`/contractDocuments/${contractDocumentId}/download`, { headers: bearer(me.token) });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-length')).toBe(String(bytes.length));
    const disposition = download.headers.get('content-disposition')!;
    expect(disposition).toBe(`attachment; filename="__ ___ (__).pdf"; filename*=UTF-8''${encodeURIComponent('매매 계약서 ')}%28${encodeURIComponent('최종')}%29.pdf`);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)).toBe('매매 계약서 (최종).pdf');
    expect(sha(await download.arrayBuffer())).toBe(sha(bytes));

    // The attach queued the customer's document email for the reminders job.
    const [notification] = await ctx.db.query<{ type: string; status: string; variables: { fileNames: string } }>(
      'select type, status, variables from notifications where contract_id = $1', [contract.id]);
    expect(notification).toMatchObject({ type: 'document_upload', status: 'pending', variables: { fileNames: '매매 계약서 (최종).pdf' } });
  });

  it('detaches a document left out of the set, and attaches at upload time with contractId', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const { contract } = await openContract(ctx.api, ctx.db, me);
    const a = (await readJson(await upload(me.token, pdf(), 'a.pdf', { contractId: String(contract.id) }))).contractDocumentId;
    const b = (await readJson(await upload(me.token, pdf(), 'b.pdf', { contractId: String(contract.id) }))).contractDocumentId;
    expect((await readJson(await ctx.api.fetch(`/contracts/${contract.id}`, { headers: bearer(me.token) }))).contractDocuments.map((d: { id: number }) => d.id)).toEqual([a, b]);
    await patchContract(ctx.api, me.token, contract.id, { contractDocuments: [{ id: b, fileName: 'b.pdf' }] });
    const row = (await readJson(await ctx.api.fetch('/contractDocuments', { headers: bearer(me.token) }))).data[0];
    expect(row).toMatchObject({ documentCount: 1, documents: [{ id: b, fileName: 'b.pdf' }] });
  });

  it('decides the kind by the leading bytes: an .exe named .pdf is 415; DOCX, HWP, images are accepted', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const exe = new Uint8Array(4096);
    exe.set([0x4d, 0x5a, 0x90, 0x00]);
    const refused = await upload(me.token, exe, '계약서.pdf');
    expect(refused.status).toBe(415);
    expect(await readJson(refused)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const accepted: [number[], string, string][] = [
      [[0x50, 0x4b, 0x03, 0x04], '견적서.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], '등록증.hwp', 'application/x-hwp'],
      [[0xff, 0xd8, 0xff, 0xe0], '차량사진.jpg', 'image/jpeg'],
    ];
    for (const [magic, name, mime] of accepted) {
      const bytes = new Uint8Array(1024);
      bytes.set(magic);
      const res = await upload(me.token, bytes, name);
      expect(res.status, name).toBe(201);
      const { contractDocumentId } = await readJson(res);
      expect((await ctx.db.query<{ mime_type: string }>('select mime_type from contract_documents where id = $1', [contractDocumentId]))[0]!.mime_type).toBe(mime);
    }
    expect(await documentRows(me.company.id)).toHaveLength(3);
  });

  it('streams a file near the 20 MB limit, and refuses one over it with 413 and nothing stored', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const big = pdf(19 * 1024 * 1024 + 12345);
    const res = await upload(me.token, big, '스캔본.pdf');
    expect(res.status).toBe(201);
    const { contractDocumentId } = await readJson(res);
    const download = await ctx.api.fetch(`/contractDocuments/${contractDocumentId}/download`, { headers: bearer(me.token) });
    expect(sha(await download.arrayBuffer())).toBe(sha(big));

    const before = await documentRows(me.company.id);
    const files = await ctx.api.files();
    const objectsBefore = (await files.list({ prefix: `${me.company.id}/` })).objects.length;
    const over = await upload(me.token, pdf(20 * 1024 * 1024 + 1), '너무큼.pdf');
    expect(over.status).toBe(413);
    expect(await documentRows(me.company.id)).toEqual(before);
    expect((await files.list({ prefix: `${me.company.id}/` })).objects.length).toBe(objectsBefore);
  }, 60_000);

  it('answers 400 for a missing file or an empty one, 415 for a body that is not multipart', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const form = new FormData();
    form.append('contractId', '1');
    expect((await ctx.api.fetch('/contractDocuments/upload', { method: 'POST', headers: bearer(me.token), body: form })).status).toBe(400);
    expect((await upload(me.token, new Uint8Array(0), 'empty.pdf')).status).toBe(400);
    expect((await ctx.api.fetch('/contractDocuments/upload', { method: 'POST', headers: { ...bearer(me.token), 'Content-Type': 'application/pdf' }, body: pdf() })).status).toBe(415);
  });

  it('answers 404 for another company’s document on download, attach and delete, and for another company’s contract on upload', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    const theirs = (await readJson(await upload(other.token, pdf(), '남의계약서.pdf'))).contractDocumentId;
    const theirContract = await openContract(ctx.api, ctx.db, other);
    const mine = await openContract(ctx.api, ctx.db, me);
    expect((await ctx.api.fetch(`/contractDocuments/${theirs}/download`, { headers: bearer(me.token) })).status).toBe(404);
    expect((await patchContract(ctx.api, me.token, mine.contract.id, { contractDocuments: [{ id: theirs }] })).status).toBe(404);
    expect((await ctx.api.fetch(`/contractDocuments/${theirs}`, { method: 'DELETE', headers: bearer(me.token) })).status).toBe(404);
    expect((await upload(me.token, pdf(), 'x.pdf', { contractId: String(theirContract.contract.id) })).status).toBe(404);
    expect(await documentRows(me.company.id)).toEqual([]);
    expect((await ctx.api.fetch(`/contractDocuments/${theirs}/download`, { headers: bearer(other.token) })).status).toBe(200);
  });

  it('deletes the record and the object; a colleague who does not own the contract gets 403', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const colleague = await createUser(ctx.db, me.company.id);
    const colleagueToken = (await signIn(ctx.api, colleague.email)).accessToken;
    const { contract } = await openContract(ctx.api, ctx.db, me);
    const id = (await readJson(await upload(me.token, pdf(), 'a.pdf', { contractId: String(contract.id) }))).contractDocumentId;
    const file_path = (await documentRows(me.company.id))[0]!.file_path;
    expect((await ctx.api.fetch(`/contractDocuments/${id}`, { method: 'DELETE', headers: bearer(colleagueToken) })).status).toBe(403);
    expect((await ctx.api.fetch(`/contractDocuments/${id}`, { method: 'DELETE', headers: bearer(me.token) })).status).toBe(204);
    expect(await documentRows(me.company.id)).toEqual([]);
    expect(await (await ctx.api.files()).head(file_path)).toBeNull();
  });

  it('lets the Cron job remove documents never attached for over 7 days, record and object', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const stale = (await readJson(await upload(me.token, pdf(), 'old.pdf'))).contractDocumentId;
    const fresh = (await readJson(await upload(me.token, pdf(), 'new.pdf'))).contractDocumentId;
    await ctx.db.query(`update contract_documents set created_at = now() - interval '8 days', updated_at = now() - interval '8 days' where id = $1`, [stale]);
    const file_path = (await ctx.db.query<{ file_path: string }>('select file_path from contract_documents where id = $1', [stale]))[0]!.file_path;
    await ctx.api.scheduled();
    expect((await documentRows(me.company.id)).map((r) => r.id)).toEqual([fresh]);
    expect(await (await ctx.api.files()).head(file_path)).toBeNull();
  });
});

describe('images', () => {
  it('stores an image and serves it publicly at the returned absolute URL, cached a day (it can be deleted)', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const png = new Uint8Array(5000).map((_, i) => i % 251);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const res = await upload(me.token, png, '프로필.png', {}, '/images/upload');
    expect(res.status).toBe(201);
    const { imageUrl } = await readJson(res);
    expect(imageUrl).toMatch(new RegExp(`^${ctx.api.url}/images/${me.company.id}/[0-9a-f-]{36}\\.png$`));
    const image = await fetch(imageUrl);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(sha(await image.arrayBuffer())).toBe(sha(png));
    expect(await ctx.db.query('select mime_type from uploaded_images where image_url = $1', [imageUrl])).toEqual([{ mime_type: 'image/png' }]);
    // Usable as the profile picture right away.
    expect((await ctx.api.fetch('/users/me', { method: 'PATCH', headers: { ...bearer(me.token), 'Content-Type': 'application/json' }, body: JSON.stringify({ imageUrl, currentPassword: 'carmate2026' }) })).status).toBe(200);
  });

  it('refuses a PDF (415) and anything over 5 MB (413); unknown image URLs are 404', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    expect((await upload(me.token, pdf(), 'not-an-image.png', {}, '/images/upload')).status).toBe(415);
    const huge = new Uint8Array(5 * 1024 * 1024 + 10);
    huge.set([0xff, 0xd8, 0xff]);
    expect((await upload(me.token, huge, 'big.jpg', {}, '/images/upload')).status).toBe(413);
    expect((await ctx.api.fetch(`/images/${me.company.id}/00000000-0000-0000-0000-000000000000.png`)).status).toBe(404);
    expect((await ctx.api.fetch('/images/1/../../secret')).status).toBe(404);
  });
});

// One owner rule for documents: moving one (PATCH of a contract, or an upload with contractId) needs the right to
// edit both where it is and where it goes; documents left without a contract become drafts and expire like them.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createCompany, createUser, signIn, uploadFile } from '../support/accounts';
import { openContract, patchContract } from '../support/board';
import { readJson } from '../support/http';

const ctx = useApi();

const pdf = () => {
  const bytes = new Uint8Array(4096).fill(65);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  return bytes;
};

async function colleagues() {
  const company = await createCompany(ctx.db);
  const people = await Promise.all([createUser(ctx.db, company.id), createUser(ctx.db, company.id), createUser(ctx.db, company.id, { isAdmin: true })]);
  const [a, b, admin] = await Promise.all(people.map(async (p) => ({ ...p, company, token: (await signIn(ctx.api, p.email)).accessToken })));
  return { company, a: a!, b: b!, admin: admin! };
}

async function uploadDocument(token: string, fields: Record<string, string> = {}) {
  return uploadFile(ctx.api, '/contractDocuments/upload', token, pdf(), { filename: '계약서.pdf', type: 'application/pdf', fields });
}

async function documentState(id: number) {
  return (await ctx.db.query<{ contract_id: number | null; is_draft: boolean }>('select contract_id, is_draft from contract_documents where id = $1', [id]))[0];
}

async function storedKeys(companyId: number) {
  const bucket = await ctx.api.files();
  return (await bucket.list({ prefix: `${companyId}/` })).objects.map((o) => o.key);
}

describe('documents follow the contract owner rule', () => {
  it('refuses to take a colleague’s document into one’s own contract (403), and leaves both contracts as they were', async () => {
    const { a, b } = await colleagues();
    const mine = await openContract(ctx.api, ctx.db, a);
    const theirs = await openContract(ctx.api, ctx.db, b);
    const { contractDocumentId: doc } = await readJson(await uploadDocument(a.token, { contractId: String(mine.contract.id) }));
    expect(await documentState(doc)).toEqual({ contract_id: mine.contract.id, is_draft: false });

    const res = await patchContract(ctx.api, b.token, theirs.contract.id, { contractDocuments: [{ id: doc }] });
    expect(res.status).toBe(403);
    expect(await readJson(res)).toMatchObject({ code: 'FORBIDDEN', requestId: expect.any(String) });
    expect(await documentState(doc)).toEqual({ contract_id: mine.contract.id, is_draft: false });
    const after = await readJson(await ctx.api.fetch(`/contracts/${theirs.contract.id}`, { headers: bearer(b.token) }));
    expect(after.version).toBe(theirs.contract.version);
    // Listing it twice is a malformed set, whoever asks.
    const twice = await patchContract(ctx.api, a.token, mine.contract.id, { contractDocuments: [{ id: doc }, { id: doc }] });
    expect(twice.status).toBe(400);
    // Nor may the colleague delete it.
    expect((await ctx.api.fetch(`/contractDocuments/${doc}`, { method: 'DELETE', headers: bearer(b.token) })).status).toBe(403);
  });

  it('refuses an upload into a colleague’s contract (403): no record, no stored object, no e-mail to the customer', async () => {
    const { company, a, b } = await colleagues();
    const theirs = await openContract(ctx.api, ctx.db, a);
    const before = await storedKeys(company.id);
    const res = await uploadDocument(b.token, { contractId: String(theirs.contract.id) });
    expect(res.status).toBe(403);
    expect(await ctx.db.query('select id from contract_documents where company_id = $1', [company.id])).toEqual([]);
    expect(await ctx.db.query(`select id from notifications where contract_id = $1 and type = 'document_upload'`, [theirs.contract.id])).toEqual([]);
    expect(await storedKeys(company.id)).toEqual(before);
  });

  it('keeps a draft its uploader’s: a colleague cannot attach it; the uploader and an administrator can move documents', async () => {
    const { a, b, admin } = await colleagues();
    const aContract = await openContract(ctx.api, ctx.db, a);
    const bContract = await openContract(ctx.api, ctx.db, b);
    const { contractDocumentId: draft } = await readJson(await uploadDocument(a.token));
    expect(await documentState(draft)).toEqual({ contract_id: null, is_draft: true });
    expect((await patchContract(ctx.api, b.token, bContract.contract.id, { contractDocuments: [{ id: draft }] })).status).toBe(403);
    expect((await patchContract(ctx.api, a.token, aContract.contract.id, { contractDocuments: [{ id: draft }] })).status).toBe(200);
    expect(await documentState(draft)).toEqual({ contract_id: aContract.contract.id, is_draft: false });
    // An administrator may edit both contracts, so may move it.
    expect((await patchContract(ctx.api, admin.token, bContract.contract.id, { contractDocuments: [{ id: draft }] })).status).toBe(200);
    expect(await documentState(draft)).toEqual({ contract_id: bContract.contract.id, is_draft: false });
  });

  it('makes detached documents and those of a deleted contract drafts again, which expire a week later', async () => {
    const { a } = await colleagues();
    const first = await openContract(ctx.api, ctx.db, a);
    const second = await openContract(ctx.api, ctx.db, a);
    const { contractDocumentId: detached } = await readJson(await uploadDocument(a.token, { contractId: String(first.contract.id) }));
    const { contractDocumentId: orphaned } = await readJson(await uploadDocument(a.token, { contractId: String(second.contract.id) }));
    expect((await patchContract(ctx.api, a.token, first.contract.id, { contractDocuments: [] })).status).toBe(200);
    expect((await ctx.api.fetch(`/contracts/${second.contract.id}`, { method: 'DELETE', headers: bearer(a.token) })).status).toBe(204);
    expect(await documentState(detached)).toEqual({ contract_id: null, is_draft: true });
    expect(await documentState(orphaned)).toEqual({ contract_id: null, is_draft: true });
    const keys = await ctx.db.query<{ file_path: string }>('select file_path from contract_documents where id = any($1)', [[detached, orphaned]]);

    await ctx.api.scheduled({ time: new Date(Date.now() + 6 * 86_400_000) });
    expect(await documentState(detached)).toBeDefined();
    await ctx.api.scheduled({ time: new Date(Date.now() + 8 * 86_400_000) });
    expect(await documentState(detached)).toBeUndefined();
    expect(await documentState(orphaned)).toBeUndefined();
    const bucket = await ctx.api.files();
    for (const { file_path } of keys) expect(await bucket.head(file_path), file_path).toBeNull();
  });
});

// Documents and their contracts at the same instant: a document is a draft exactly when it has no contract, and
// nothing is left in R2 without a record, whichever request wins (20 trials each, against workerd and PostgreSQL).
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, salesperson, uploadFile } from '../support/accounts';
import { openContract, patchContract } from '../support/board';
import { readJson } from '../support/http';
import { announceSeed, together, trials } from '../support/trials';

const ctx = useApi();
announceSeed('document races');

const TRIALS = 20;
const pdf = () => {
  const bytes = new Uint8Array(2048).fill(67);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  return bytes;
};
const upload = (token: string, fields: Record<string, string> = {}) =>
  uploadFile(ctx.api, '/contractDocuments/upload', token, pdf(), { filename: '계약서.pdf', type: 'application/pdf', fields });
const deleteContract = (token: string, id: number) => ctx.api.fetch(`/contracts/${id}`, { method: 'DELETE', headers: bearer(token) });

/** Every document of the company agrees with itself, and R2 holds exactly the recorded files. */
async function consistent(companyId: number) {
  const docs = await ctx.db.query<{ contract_id: number | null; is_draft: boolean; file_path: string }>(
    'select contract_id, is_draft, file_path from contract_documents where company_id = $1', [companyId]);
  for (const d of docs) expect(d.is_draft, `document on ${d.contract_id}`).toBe(d.contract_id === null);
  const stored = (await (await ctx.api.files()).list({ prefix: `${companyId}/documents/` })).objects.map((o) => o.key).sort();
  expect(stored).toEqual(docs.map((d) => d.file_path).sort());
  return docs;
}

describe('documents and contracts at the same instant', () => {
  it('an upload into a contract being deleted is either a draft or a 404 with nothing stored (20 trials)', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    await trials(TRIALS, async () => {
      const { contract } = await openContract(ctx.api, ctx.db, me);
      const [uploaded, deleted] = await together([() => upload(me.token, { contractId: String(contract.id) }), () => deleteContract(me.token, contract.id)]);
      expect(deleted!.status).toBe(204);
      expect([201, 404], await uploaded!.clone().text()).toContain(uploaded!.status);
      if (uploaded!.status === 404) expect(await readJson(uploaded!)).toMatchObject({ code: 'NOT_FOUND' });
      await consistent(me.company.id);
    });
  });

  it('a document moved onto a contract being deleted, or off one, ends attached or a draft, never in between (20 trials)', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    await trials(TRIALS, async (i) => {
      const from = await openContract(ctx.api, ctx.db, me);
      const to = await openContract(ctx.api, ctx.db, me);
      const { contractDocumentId: doc } = await readJson(await upload(me.token, { contractId: String(from.contract.id) }));
      // Odd trials delete the contract the document leaves, even ones the contract it goes to.
      const doomed = i % 2 ? from.contract.id : to.contract.id;
      const answers = await together([
        () => patchContract(ctx.api, me.token, to.contract.id, { contractDocuments: [{ id: doc }] }),
        () => deleteContract(me.token, doomed),
      ]);
      for (const res of answers) expect([200, 204, 404], await res.clone().text()).toContain(res.status);
      const docs = await consistent(me.company.id);
      expect(docs.filter((d) => d.contract_id !== null && d.contract_id === doomed)).toEqual([]);
    });
  });

  it('a PATCH that lists a document being deleted either attaches it or is 404, never 200 without it (20 trials)', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    await trials(TRIALS, async () => {
      const { contract } = await openContract(ctx.api, ctx.db, me);
      const { contractDocumentId: doc } = await readJson(await upload(me.token));
      const [patched, deleted] = await together([
        () => patchContract(ctx.api, me.token, contract.id, { contractDocuments: [{ id: doc }] }),
        () => ctx.api.fetch(`/contractDocuments/${doc}`, { method: 'DELETE', headers: bearer(me.token) }),
      ]);
      expect(deleted!.status).toBe(204);
      if (patched!.status === 200) expect((await readJson(patched!)).contractDocuments.map((d: { id: number }) => d.id)).toEqual([doc]);
      else expect(patched!.status).toBe(404);
      await consistent(me.company.id);
    });
  });
});

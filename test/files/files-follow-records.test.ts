// Files follow their records: a deleted company's objects leave R2 (the Cron job, 1,000 keys at a time), an image
// can be deleted by its uploader or an administrator, and a profile picture goes with its account.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createCompany, createUser, jsonRequest, PASSWORD, salesperson, signIn, uploadFile } from '../support/accounts';
import { openContract } from '../support/board';
import { readJson } from '../support/http';

const ctx = useApi();

const png = () => {
  const bytes = new Uint8Array(3000).map((_, i) => i % 251);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
};
const pdf = () => {
  const bytes = new Uint8Array(3000).fill(66);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  return bytes;
};

async function uploadImage(token: string): Promise<string> {
  const res = await uploadFile(ctx.api, '/images/upload', token, png(), { filename: 'car.png', type: 'image/png' });
  expect(res.status).toBe(201);
  return (await readJson(res)).imageUrl;
}

async function keysUnder(prefix: string) {
  const bucket = await ctx.api.files();
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    keys.push(...page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}

const imagePath = (url: string) => new URL(url).pathname;

describe('deleting a company', () => {
  it('removes every one of its objects from R2 at the next Cron run, and its image URLs answer 404', async () => {
    const company = await createCompany(ctx.db);
    const staff = await createUser(ctx.db, company.id);
    const admin = await createUser(ctx.db, (await createCompany(ctx.db)).id, { isAdmin: true });
    const me = { company, token: (await signIn(ctx.api, staff.email)).accessToken };
    const adminToken = (await signIn(ctx.api, admin.email)).accessToken;
    const neighbour = await salesperson(ctx.api, ctx.db);
    const neighbourImage = await uploadImage(neighbour.token);

    const { contract } = await openContract(ctx.api, ctx.db, me);
    expect((await uploadFile(ctx.api, '/contractDocuments/upload', me.token, pdf(), { filename: 'a.pdf', fields: { contractId: String(contract.id) } })).status).toBe(201);
    expect((await uploadFile(ctx.api, '/contractDocuments/upload', me.token, pdf(), { filename: 'draft.pdf' })).status).toBe(201);
    const imageUrl = await uploadImage(me.token);
    // More than one R2 page of objects (as a company with years of paperwork has).
    const bucket = await ctx.api.files();
    for (let i = 0; i < 1100; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => bucket.put(`${company.id}/documents/old-${i + j}`, 'x')));
    }
    expect((await keysUnder(`${company.id}/`)).length).toBe(1103);

    expect((await ctx.api.fetch(`/companies/${company.id}`, { method: 'DELETE', headers: bearer(adminToken) })).status).toBe(204);
    await ctx.api.scheduled();
    expect(await keysUnder(`${company.id}/`)).toEqual([]);
    expect((await ctx.api.fetch(imagePath(imageUrl))).status).toBe(404);
    expect(await ctx.db.query('select path from object_deletions')).toEqual([]);
    // Other companies keep theirs.
    expect((await ctx.api.fetch(imagePath(neighbourImage))).status).toBe(200);
  });
});

describe('DELETE /images/{companyId}/{file}', () => {
  it('lets the uploader delete an image: 204, then 404 for its URL, and profiles showing it lose the picture', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const url = await uploadImage(me.token);
    await ctx.db.query('update users set image_url = $1 where id = $2', [url, me.user.id]);
    const res = await ctx.api.fetch(imagePath(url), { method: 'DELETE', headers: bearer(me.token) });
    expect(res.status).toBe(204);
    expect((await ctx.api.fetch(imagePath(url))).status).toBe(404);
    const profile = await readJson(await ctx.api.fetch('/users/me', { headers: bearer(me.token) }));
    expect(profile.imageUrl).toBeNull();
    expect((await ctx.api.fetch(imagePath(url), { method: 'DELETE', headers: bearer(me.token) })).status).toBe(404);
  });

  it('refuses a colleague (403), another company (404), no token or a forged one (401); an administrator may', async () => {
    const company = await createCompany(ctx.db);
    const [owner, colleague, admin] = await Promise.all([createUser(ctx.db, company.id), createUser(ctx.db, company.id), createUser(ctx.db, company.id, { isAdmin: true })]);
    const [ownerToken, colleagueToken, adminToken] = await Promise.all([owner, colleague, admin].map(async (u) => (await signIn(ctx.api, u.email)).accessToken));
    const stranger = await salesperson(ctx.api, ctx.db);
    const url = await uploadImage(ownerToken!);
    const del = (headers: Record<string, string>) => ctx.api.fetch(imagePath(url), { method: 'DELETE', headers });
    expect((await del({})).status).toBe(401);
    expect((await del(bearer(`${ownerToken!.slice(0, -4)}AAAA`))).status).toBe(401);
    expect((await del(bearer(stranger.token))).status).toBe(404);
    const refused = await del(bearer(colleagueToken!));
    expect(refused.status).toBe(403);
    expect(await readJson(refused)).toMatchObject({ code: 'FORBIDDEN', requestId: expect.any(String) });
    expect((await ctx.api.fetch(imagePath(url))).status).toBe(200);
    expect((await del(bearer(adminToken!))).status).toBe(204);
    expect((await ctx.api.fetch(imagePath(url))).status).toBe(404);
    expect((await ctx.api.fetch('/images/1/not-an-image.exe', { method: 'DELETE', headers: bearer(ownerToken!) })).status).toBe(400);
  });
});

describe('deleting an account', () => {
  it('takes its profile picture along (after the Cron run)', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const url = await uploadImage(me.token);
    expect((await ctx.api.fetch('/users/me', jsonRequest('PATCH', { currentPassword: PASSWORD, imageUrl: url }, me.token))).status).toBe(200);
    expect((await ctx.api.fetch('/users/me', { method: 'DELETE', headers: bearer(me.token) })).status).toBe(204);
    await ctx.api.scheduled();
    expect((await ctx.api.fetch(imagePath(url))).status).toBe(404);
    expect(await ctx.db.query('select id from uploaded_images where image_url = $1', [url])).toEqual([]);
  });

  it('lets a replaced profile picture go too, but keeps one a colleague still shows', async () => {
    const company = await createCompany(ctx.db);
    const [a, b] = await Promise.all([createUser(ctx.db, company.id), createUser(ctx.db, company.id)]);
    const [aToken, bToken] = await Promise.all([a, b].map(async (u) => (await signIn(ctx.api, u.email)).accessToken));
    const patchMe = (token: string, imageUrl: string | null) => ctx.api.fetch('/users/me', jsonRequest('PATCH', { currentPassword: PASSWORD, imageUrl }, token));
    const first = await uploadImage(aToken!);
    const second = await uploadImage(aToken!);
    expect((await patchMe(aToken!, first)).status).toBe(200);
    expect((await patchMe(bToken!, first)).status).toBe(200); // a colleague shows the same picture
    expect((await patchMe(aToken!, second)).status).toBe(200);
    await ctx.api.scheduled();
    expect((await ctx.api.fetch(imagePath(first))).status).toBe(200);
    expect((await patchMe(aToken!, null)).status).toBe(200);
    await ctx.api.scheduled();
    expect((await ctx.api.fetch(imagePath(second))).status).toBe(404);
  });

  it('takes only pictures the account uploaded, however the URL’s host was written', async () => {
    const company = await createCompany(ctx.db);
    const [x, y] = await Promise.all([createUser(ctx.db, company.id), createUser(ctx.db, company.id)]);
    const [xToken, yToken] = await Promise.all([x, y].map(async (u) => (await signIn(ctx.api, u.email)).accessToken));
    const patchMe = (token: string, imageUrl: string | null) => ctx.api.fetch('/users/me', jsonRequest('PATCH', { currentPassword: PASSWORD, imageUrl }, token));
    const xImage = await uploadImage(xToken!);
    const yImage = await uploadImage(yToken!);
    // y shows x's picture; then y's own picture, spelled with another host, and y leaves.
    expect((await patchMe(yToken!, xImage)).status).toBe(200);
    expect((await patchMe(yToken!, `${yImage.replace('127.0.0.1', 'localhost').replace(/\.png$/, '%2Epng')}?v=2#x`)).status).toBe(200);
    expect((await patchMe(yToken!, xImage)).status).toBe(200);
    expect((await ctx.api.fetch('/users/me', { method: 'DELETE', headers: bearer(yToken!) })).status).toBe(204);
    await ctx.api.scheduled();
    expect((await ctx.api.fetch(imagePath(xImage))).status).toBe(200);
    expect((await ctx.api.fetch(imagePath(yImage))).status).toBe(404);
  });
});

// The board page as people use it: two colleagues in two browsers; a drag in one moves the card in the other.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPartyKit } from '../../scripts/partykit-runtime';
import { createUser, PASSWORD, salesperson } from '../support/accounts';
import { openContract, patchContract } from '../support/board';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startWorkerWithRoom, type TestWorker } from '../support/worker';

let party: RunningPartyKit;
let db: TestDatabase;
let api: TestWorker;
let browser: Browser;

beforeAll(async () => {
  db = await createTestDatabase();
  ({ party, api } = await startWorkerWithRoom(db.url));
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await db?.drop();
  await party?.stop();
});

async function signedInPage(email: string, options: { offline?: boolean } = {}): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  // A page that hears nothing live: its socket opens but never reaches the room, so its cards go stale.
  if (options.offline) await page.routeWebSocket(/\/parties\//, () => {});
  await page.goto(`${party.url}/`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('#signin button');
  await page.waitForSelector('#status:has-text("실시간 연결됨")');
  return page;
}

describe('board page', () => {
  it('moves a card for a colleague live, shows who is here, and replaces a stale card after a 412', async () => {
    const me = await salesperson(api, db, { preset: 'classic' });
    const colleague = await createUser(db, me.company.id, { name: '한매니저' });
    const { contract } = await openContract(api, db, me);
    const second = await openContract(api, db, me);

    const mine = await signedInPage(me.user.email);
    const theirs = await signedInPage(colleague.email);
    await theirs.waitForSelector('#presence .avatar:nth-child(2)');
    expect(await mine.locator('#presence .avatar').count()).toBe(2);
    expect(await theirs.locator('[data-stage="carInspection"] .card').count()).toBe(2);

    await mine.dragAndDrop(`[data-id="${contract.id}"]`, '[data-stage="priceNegotiation"] .cards');
    await theirs.waitForSelector(`[data-stage="priceNegotiation"] [data-id="${contract.id}"]`, { timeout: 3000 });
    expect(await theirs.locator('[data-stage="carInspection"] .card').count()).toBe(1);

    // A page that missed a change: its drag carries an old If-Match, is refused (412), and shows the fresh card.
    const stale = await signedInPage(me.user.email, { offline: true });
    await patchContract(api, me.token, second.contract.id, { contractPrice: 19_000_000 });
    await mine.waitForSelector(`[data-id="${second.contract.id}"] .price:has-text("19,000,000")`); // live pages follow
    await stale.dragAndDrop(`[data-id="${second.contract.id}"]`, '[data-stage="contractDraft"] .cards');
    await stale.waitForSelector('#toast:has-text("다른 사람이 먼저")');
    await stale.waitForSelector(`[data-stage="carInspection"] [data-id="${second.contract.id}"] .price:has-text("19,000,000")`);
    expect((await db.query<{ status: string }>('select status from contracts where id = $1', [second.contract.id]))[0]!.status).toBe('carInspection');

    expect(await theirs.locator('#signin').isVisible()).toBe(false);
    mkdirSync('test/artifacts', { recursive: true });
    await theirs.screenshot({ path: 'test/artifacts/board.png', fullPage: true });
  }, 60_000);
});

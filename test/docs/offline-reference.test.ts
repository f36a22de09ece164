// /docs as a person opens it on a machine without internet: a real Chromium whose every request off loopback is
// cut. The reference renders the API's operations from this Worker alone, under its content security policy.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { launchChromium } from '../support/browser';

const ctx = useApi();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
});

describe('/docs offline', () => {
  it('shows the operations with the network cut off, loading nothing from anywhere but this API', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const elsewhere: string[] = [];
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
      elsewhere.push(url.href);
      return route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (process.env.DEBUG_DOCS) console.log('console', message.type(), message.text().slice(0, 300));
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    const res = await page.goto(`${ctx.api.url}/docs`);
    expect(res!.status()).toBe(200);
    expect(res!.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[0-9a-f]{32}'/);
    if (process.env.DEBUG_DOCS) {
      await page.waitForTimeout(5000);
      console.log('elsewhere', elsewhere, (await page.content()).slice(0, 1500));
      await page.screenshot({ path: '/tmp/docs.png' });
    }
    // Operation summaries from the document, rendered by the reference UI: the first tag's at once, a later one's
    // when its tag is opened in the sidebar, as a reader does.
    await page.getByText('Service and database health').first().waitFor({ timeout: 30_000 });
    await page.getByText('Cars', { exact: true }).first().click();
    await page.getByText('Register a car').first().waitFor({ timeout: 15_000 });
    expect(await page.title()).toBe('Carmate Edge API');
    expect(elsewhere).toEqual([]);
    expect(blocked).toEqual([]);
    await context.close();
  }, 120_000);

  it('serves the reference script from this Worker, with no third-party script tag in the page', async () => {
    const page = await (await ctx.api.fetch('/docs')).text();
    const scripts = [...page.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual(['/docs/scalar.js']);
    const script = await ctx.api.fetch('/docs/scalar.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await script.text()).length).toBeGreaterThan(1_000_000);
  });
});

// /docs: the API reference (Scalar), served entirely by this Worker. The reference UI's script is the pinned
// @scalar/api-reference package's standalone bundle, shipped inside the Worker as a text module (wrangler.toml
// [[rules]], imported in src/index.ts), so no third-party script runs on the API's origin and the page works
// without internet. A strict content security policy (scripts only from here, with the page's own nonce; no
// connections elsewhere) holds it to that.
import { Scalar } from '@scalar/hono-api-reference';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './types';

const SCRIPT_PATH = '/docs/scalar.js';

function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    // The reference injects its stylesheet at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `script` is the reference UI's bundle; without it (tests that build the app in Node) both routes answer 503. */
export function configureDocs(app: OpenAPIHono<AppEnv>, title: string, script: string | undefined) {
  const nonces = new WeakMap<Request, string>();
  const reference = Scalar<AppEnv>((c) => ({
    url: '/openapi.json',
    pageTitle: title,
    cdn: SCRIPT_PATH,
    nonce: nonces.get(c.req.raw),
    withDefaultFonts: false,
    hideClientButton: true,
    telemetry: false,
  }));
  app.get('/docs', async (c, next) => {
    if (!script) return c.text('API reference not bundled', 503);
    const nonce = crypto.randomUUID().replaceAll('-', '');
    nonces.set(c.req.raw, nonce);
    c.header('Content-Security-Policy', contentSecurityPolicy(nonce));
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    return reference(c, next);
  });
  app.get(SCRIPT_PATH, (c) => {
    if (!script) return c.text('API reference not bundled', 503);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=86400');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(script);
  });
}

// The committed client (clients/typescript) must be what `npm run client:generate` makes from today's routes, and
// the document it was made from must be the one the deployed Worker serves.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_DIR, generateClientFiles } from '../../scripts/openapi-client';
import { useApi } from '../support/api';
import { readJson } from '../support/http';

const ctx = useApi();
const committed = (name: string) => readFileSync(join(CLIENT_DIR, name), 'utf8');

describe('the committed TypeScript client', () => {
  it('is up to date with the route definitions (run `npm run client:generate` when this fails)', async () => {
    const files = await generateClientFiles();
    expect(Object.keys(files).sort()).toEqual(['openapi.json', 'schema.d.ts']);
    for (const [name, content] of Object.entries(files)) expect(committed(name) === content, `${CLIENT_DIR}/${name} is stale`).toBe(true);
  });

  it('was generated from the very document the Worker serves', async () => {
    const res = await ctx.api.fetch('/openapi.json');
    expect(res.status).toBe(200);
    const { servers, ...served } = await readJson(res);
    expect(servers).toEqual([{ url: ctx.api.url.replace(/\/$/, ''), description: 'This server' }]);
    // The committed one names no host: the client calls whatever base URL it is given.
    const { servers: relative, ...generated } = JSON.parse(committed('openapi.json'));
    expect(relative).toEqual([{ url: '/', description: 'This server' }]);
    expect(served).toEqual(generated);
  });
});

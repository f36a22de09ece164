// npm run client:generate: writes the OpenAPI document and its TypeScript types into clients/typescript/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_DIR, generateClientFiles } from './openapi-client';

const files = await generateClientFiles();
mkdirSync(CLIENT_DIR, { recursive: true });
for (const [name, content] of Object.entries(files)) {
  writeFileSync(join(CLIENT_DIR, name), content);
  console.log(`wrote ${join(CLIENT_DIR, name)} (${(Buffer.byteLength(content) / 1024).toFixed(0)} KiB)`);
}

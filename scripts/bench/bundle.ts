// The Worker bundle as `wrangler deploy` uploads it: raw and gzipped size (the free plan's limit is 3 MiB gzipped).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export function benchBundle(workerScript: string): string {
  const dir = dirname(workerScript);
  const modules = readdirSync(dir).filter((name) => /\.(m?js|wasm)$/.test(name));
  let raw = 0;
  let gzipped = 0;
  for (const name of modules) {
    const bytes = readFileSync(join(dir, name));
    raw += bytes.length;
    gzipped += gzipSync(bytes).length;
  }
  const kib = (n: number) => `${(n / 1024).toFixed(2)} KiB`;
  return [
    '## Worker bundle',
    '',
    '| figure | value |',
    '| --- | --- |',
    `| modules | ${modules.join(', ')} |`,
    `| raw (minified) | ${kib(raw)} |`,
    `| gzipped | ${kib(gzipped)} |`,
    '',
    'Built exactly as deployed (`wrangler deploy --dry-run`, minified). zod and its locales are about half of it.',
  ].join('\n');
}

// The served OpenAPI document, as third-party tools see it: Redocly (`recommended`) and Spectral (`spectral:oas`)
// find no problem at all, and every example in it is valid against its own schema.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { readJson } from '../support/http';

const run = promisify(execFile);
const ctx = useApi();
const dir = mkdtempSync(join(tmpdir(), 'carmate-openapi-'));
const file = join(dir, 'openapi.json');
let doc: Record<string, any>;

beforeAll(async () => {
  doc = await readJson(await ctx.api.fetch('/openapi.json'));
  writeFileSync(file, JSON.stringify(doc, null, 2));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The linter's output, whether it exits 0 or not (a failing lint must show what it found). */
async function lint(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('npx', args, { timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const { code, stdout, stderr } = err as { code: number; stdout: string; stderr: string };
    return { code, output: stdout + stderr };
  }
}

/** Every schema node in the document that carries an example, with where it is. */
function examples(node: unknown, at: string, out: { at: string; schema: Record<string, unknown> }[] = []) {
  if (!node || typeof node !== 'object') return out;
  const record = node as Record<string, unknown>;
  if ('example' in record && ('type' in record || '$ref' in record || 'anyOf' in record || 'enum' in record)) out.push({ at, schema: record });
  for (const [key, value] of Object.entries(record)) if (key !== 'example' && key !== 'examples') examples(value, `${at}/${key}`, out);
  return out;
}

describe('the OpenAPI document, linted', () => {
  it('gives Redocly’s recommended rules nothing to report', async () => {
    const { code, output } = await lint(['redocly', 'lint', file, '--config', 'redocly.yaml', '--format=summary']);
    expect(output).not.toMatch(/\b(error|warning)\b/);
    expect(code, output).toBe(0);
  });

  it('gives Spectral’s spectral:oas rules nothing to report, not even a hint', async () => {
    const { code, output } = await lint(['spectral', 'lint', file, '--ruleset', '.spectral.yaml', '--fail-severity=hint']);
    expect(output).toContain('No results');
    expect(code, output).toBe(0);
  });

  it('has only examples that are valid against their own schema', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    const found = examples(doc.paths, '#/paths').concat(examples(doc.components, '#/components'));
    expect(found.length).toBeGreaterThan(100);
    const invalid = found.flatMap(({ at, schema }) => {
      const validate = ajv.compile({ ...schema, components: doc.components });
      return validate(schema.example) ? [] : [`${at}: ${JSON.stringify(schema.example)} ${ajv.errorsText(validate.errors)}`];
    });
    expect(invalid).toEqual([]);
  });
});

// The OpenAPI document is what other teams generate clients from, so it has to be complete and true: every served
// route is in it, with its inputs, every error it can answer, tags, security and examples (Korean where the data
// is). Whether the answers really match the document is checked by the generated-client flow and the input
// property test (test/hardening/input-properties.test.ts).
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { openApiDocument } from '../../src/app/openapi';
import { operationsOf, resolve, type OpenApiDocument, type Schema } from '../support/openapi-doc';

const app = buildApp();
const doc = openApiDocument(app) as unknown as OpenApiDocument & { tags: { name: string; description: string }[] };
const operations = operationsOf(doc);

/** Leaf properties (strings, numbers, booleans) of a schema, with their path; $refs are checked once, as components. */
function leaves(schema: Schema | undefined, at: string, out: { at: string; schema: Schema }[] = []) {
  if (!schema || schema.$ref) return out;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const nonNull = variants.filter((s: Schema) => s.type !== 'null');
    if (nonNull.length === 1 && !nonNull[0].$ref && !nonNull[0].properties && !nonNull[0].items && !nonNull[0].additionalProperties)
      out.push({ at, schema: { ...nonNull[0], example: schema.example ?? nonNull[0].example, examples: schema.examples ?? nonNull[0].examples } });
    else variants.forEach((s: Schema, i: number) => leaves(s, `${at}|${i}`, out));
  } else if (schema.properties) {
    for (const [key, value] of Object.entries(schema.properties)) leaves(value as Schema, `${at}.${key}`, out);
  } else if (schema.items) {
    if (schema.example === undefined) leaves(schema.items, `${at}[]`, out);
  } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    leaves(schema.additionalProperties, `${at}{}`, out);
  } else if (schema.type && schema.type !== 'object') {
    out.push({ at, schema });
  }
  return out;
}

/** The properties a schema requires, through $refs and allOf. */
function requiredOf(input: Schema | undefined): string[] {
  const schema = resolve(doc, input);
  return [...(schema.required ?? []), ...(schema.allOf ?? []).flatMap(requiredOf)];
}

const documented = (s: Schema) => s.example !== undefined || s.examples !== undefined || s.enum !== undefined || s.const !== undefined;
const HANGUL = /[\uac00-\ud7a3]/;
/** Properties whose real values are Korean text: their examples must be too. */
const KOREAN_FIELDS = new Set(['name', 'companyName', 'manufacturer', 'model', 'carNumber', 'region', 'label', 'fileName', 'memo', 'explanation', 'subject', 'data', 'message', 'ageGroup', 'type']);

describe('the OpenAPI document', () => {
  it('documents every route the Worker serves, and serves every route it documents', () => {
    const served = new Set(
      app.routes
        // The room's own feed is deliberately not public API (test/live/board-events.test.ts covers it).
        .filter((r) => r.method !== 'ALL' && !['/openapi.json', '/docs', '/docs/scalar.js', '/internal/rooms/:companyId/events'].includes(r.path))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    expect([...served].sort()).toEqual(operations.map((o) => o.name).sort());
    expect(operations.length).toBeGreaterThanOrEqual(50);
  });

  it('gives every operation a unique operationId, a summary and a described tag', () => {
    const tagNames = new Set(doc.tags.map((t) => t.name));
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { name, op } of operations) {
      expect(op.operationId, name).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.summary, name).toBeTruthy();
      expect(op.tags?.length, name).toBe(1);
      expect(tagNames.has(op.tags![0]!), `${name}: tag ${op.tags![0]}`).toBe(true);
    }
    for (const tag of doc.tags) expect(operations.some((o) => o.op.tags?.includes(tag.name)), `tag ${tag.name} is used`).toBe(true);
  });

  it('lists the errors each operation can answer: 400 for any input, 401 when signed in, 413 for JSON bodies, 503 always', () => {
    for (const { name, op } of operations) {
      const statuses = Object.keys(op.responses);
      expect(statuses.some((s) => s.startsWith('2')), `${name} has a success response`).toBe(true);
      expect(statuses, name).toContain('503');
      if (op.security?.length) expect(statuses, name).toContain('401');
      if (op.parameters?.length || op.requestBody) expect(statuses, name).toContain('400');
      if (op.requestBody?.content['application/json']) expect(statuses, name).toContain('413');
      for (const status of statuses) expect(Object.keys(op.responses[status]!.headers ?? {}), `${name} ${status}`).toContain('X-Request-Id');
      expect(Object.keys(op.responses['503']!.headers ?? {}), name).toContain('Retry-After');
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        // Every error is {message, code, requestId}, possibly with more (the CSV import's row report).
        const schema = op.responses[status]!.content?.['application/json']?.schema;
        expect(requiredOf(schema), `${name} ${status}`).toEqual(expect.arrayContaining(['message', 'code', 'requestId']));
      }
    }
  });

  it('marks protected operations with the bearer scheme, and only the public ones without', () => {
    const open = operations.filter((o) => !o.op.security?.length).map((o) => o.name).sort();
    expect(open).toEqual(['GET /health', 'GET /images/{companyId}/{file}', 'POST /auth/login', 'POST /auth/refresh', 'POST /users'].sort());
    for (const { op } of operations.filter((o) => o.op.security?.length)) expect(op.security).toEqual([{ bearerAuth: [] }]);
    // Public on purpose, and saying so.
    for (const { op } of operations.filter((o) => !o.op.security?.length)) expect(op.security).toEqual([]);
  });

  it('states the constraints the API enforces: e-mail formats, date-time and If-Match patterns, lengths, real content types', () => {
    const schemas = doc.components!.schemas as Record<string, Schema>;
    for (const name of ['CreateCustomerRequest', 'SignUpRequest']) {
      expect(schemas[name]?.properties?.email, name).toMatchObject({ format: 'email', maxLength: 255 });
    }
    expect(schemas.CreateCarRequest!.properties!.carNumber.pattern).toBe('^\\s*(\\S\\s*){1,20}$');
    expect(schemas.CreateCarRequest!.properties!.manufacturingYear).toMatchObject({ minimum: 1950, description: expect.stringContaining('next year') });
    const meeting = resolve(doc, schemas.CreateContractRequest!.properties!.meetings.items) as Schema;
    expect(new RegExp(meeting.properties!.date.pattern).test('2026-11-23T10:00:00')).toBe(true);
    const patch = operations.find((o) => o.name === 'PATCH /contracts/{id}')!.op;
    const ifMatch = patch.parameters!.find((p: { name: string }) => p.name === 'if-match')!.schema!.pattern as string;
    expect(new RegExp(ifMatch).test('"v3"')).toBe(true);
    expect(new RegExp(ifMatch).test('v3; drop')).toBe(false);
    const download = operations.find((o) => o.name === 'GET /contractDocuments/{id}/download')!.op;
    expect(Object.keys(download.responses['200']!.content!)).toEqual(['*/*']);
  });

  it('has an example for every field, parameter and body, in Korean where the data is Korean', () => {
    const found: { at: string; schema: Schema }[] = [];
    for (const [name, schema] of Object.entries(doc.components.schemas)) leaves(schema, name, found);
    for (const { name, op } of operations) {
      for (const p of op.parameters ?? []) found.push({ at: `${name} ${p.in} ${p.name}`, schema: { ...p.schema, example: p.example ?? p.schema?.example } });
      for (const [type, { schema }] of Object.entries(op.requestBody?.content ?? {})) leaves(schema, `${name} body ${type}`, found);
      for (const [status, response] of Object.entries(op.responses))
        for (const [type, { schema }] of Object.entries(response.content ?? {})) leaves(schema, `${name} ${status} ${type}`, found);
    }
    const binary = (s: Schema) => s.format === 'binary';
    expect(found.filter((f) => !binary(f.schema) && !documented(f.schema)).map((f) => f.at)).toEqual([]);
    // Machine values (enums, such as an event's type) are not text for people.
    const korean = found.filter((f) => KOREAN_FIELDS.has(f.at.split('.').pop()!) && typeof f.schema.example === 'string' && !f.schema.enum);
    expect(korean.length).toBeGreaterThan(20);
    expect(korean.filter((f) => f.schema.example !== '' && !HANGUL.test(f.schema.example)).map((f) => `${f.at}: ${f.schema.example}`)).toEqual([]);
  });
});

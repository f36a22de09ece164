// The TypeScript client of our OpenAPI document: the document itself and its openapi-typescript types, for
// openapi-fetch. Built from the route definitions in-process (no server needed), so it is the same on every
// machine; the test suite compares the committed files with a fresh generation and with what the Worker serves.
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import ts from 'typescript';
import { buildApp } from '../src/app';
import { openApiDocument } from '../src/app/openapi';

export const CLIENT_DIR = 'clients/typescript';

/** Upload fields and file responses are binary: a Blob in TypeScript (openapi-typescript's default is string). */
const BLOB = ts.factory.createTypeReferenceNode('Blob');

export async function generateClientFiles(): Promise<Record<string, string>> {
  const document = openApiDocument(buildApp());
  const types = await openapiTS(document as Parameters<typeof openapiTS>[0], {
    // A field with a default is optional to send: openapi-typescript would make it required by default.
    defaultNonNullable: false,
    transform: (schema) => (schema.format === 'binary' ? BLOB : undefined),
  });
  const header = `${COMMENT_HEADER.trimEnd()}\n// Generated from the route definitions by \`npm run client:generate\`.\n\n`;
  return {
    'openapi.json': `${JSON.stringify(document, null, 2)}\n`,
    'schema.d.ts': header + astToString(types),
  };
}

// The served OpenAPI document as a test oracle: its operations, example values built from it, and validators that
// check a real answer against what the document promises for that status.
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';

export type Schema = Record<string, any>;
export interface Parameter { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema; example?: unknown }
export interface Operation {
  operationId: string;
  summary?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }>; headers?: Record<string, unknown> }>;
}
export interface OpenApiDocument {
  tags?: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
export interface DocumentedOperation { name: string; method: string; path: string; op: Operation }

export function operationsOf(doc: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, op })),
  );
}

/** Follows a `#/components/schemas/…` reference. */
export function resolve(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(doc, doc.components.schemas[String(schema.$ref).replace('#/components/schemas/', '')]);
  return schema;
}

/** A value the document itself offers for a schema: its example, else its first enum value, else one built from its parts. */
export function exampleOf(doc: OpenApiDocument, input: Schema | undefined, depth = 0): unknown {
  const schema = resolve(doc, input);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (depth > 6) return null;
  const variants: Schema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (variants) return exampleOf(doc, variants.find((v) => v.type !== 'null') ?? variants[0], depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: Schema) => exampleOf(doc, s, depth + 1)));
  if (schema.properties) {
    return Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, exampleOf(doc, value as Schema, depth + 1)]));
  }
  if (schema.type === 'array') return [exampleOf(doc, schema.items, depth + 1)];
  return null;
}

/** Validates response bodies against the document (JSON Schema 2020-12, as OpenAPI 3.1 uses). */
export function responseChecker(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  const compiled = new Map<string, ValidateFunction>();
  return (operation: DocumentedOperation, status: number, body: unknown): string | undefined => {
    const key = `${operation.name} ${status}`;
    let validate = compiled.get(key);
    if (!validate) {
      const schema = operation.op.responses[String(status)]?.content?.['application/json']?.schema;
      if (!schema) return undefined;
      validate = ajv.compile({ $id: `urn:response:${compiled.size}`, ...schema, components: doc.components });
      compiled.set(key, validate);
    }
    return validate(body) ? undefined : ajv.errorsText(validate.errors);
  };
}

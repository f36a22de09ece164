// The Carmate Edge API client: openapi-fetch over the generated types. `npm run client:generate` rewrites
// schema.d.ts and openapi.json from the route definitions; this small entry point is written by hand.
import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };
export type Schemas = components['schemas'];
export type CarmateClient = Client<paths>;

export interface CarmateClientOptions {
  /** The API's origin, e.g. https://api.carmate.example */
  baseUrl: string;
  /** Read before every request, so a refreshed token is picked up without building a new client. */
  accessToken?: () => string | undefined;
  fetch?: typeof globalThis.fetch;
}

export function createCarmateClient({ baseUrl, accessToken, fetch }: CarmateClientOptions): CarmateClient {
  const client = createClient<paths>({ baseUrl, ...(fetch ? { fetch } : {}) });
  if (accessToken) {
    client.use({
      onRequest({ request }) {
        const token = accessToken();
        if (token) request.headers.set('Authorization', `Bearer ${token}`);
        return request;
      },
    });
  }
  return client;
}

/**
 * The body serializer for upload routes (multipart/form-data); openapi-fetch sends JSON otherwise:
 * `client.POST('/contractDocuments/upload', { body: { file }, bodySerializer: formData })`.
 * Pass a File to keep its name.
 */
export function formData(body: Record<string, Blob | string | number | undefined>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined) continue;
    if (value instanceof Blob) form.append(name, value);
    else form.append(name, String(value));
  }
  return form;
}

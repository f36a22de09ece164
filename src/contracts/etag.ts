import type { Context } from 'hono';
import { AppError } from '../app/errors';

/** The contract's ETag: its version. */
export const etagOf = (version: number) => `"v${version}"`;

/**
 * The version an `If-Match` header demands, or undefined when there is none (or `*`): the web client sends none,
 * and its writes proceed; clients that send one get 412 instead of overwriting a newer version.
 */
export function ifMatchVersion(c: Context): number | undefined {
  const header = c.req.header('If-Match')?.trim();
  if (!header || header === '*') return undefined;
  const match = /^(?:W\/)?"?v?(\d{1,9})"?$/.exec(header);
  if (!match) throw new AppError('BAD_REQUEST', 'If-Match must be an ETag this API returned, e.g. "v3"');
  return Number(match[1]);
}

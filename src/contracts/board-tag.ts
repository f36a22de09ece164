// The board's ETag: which company and query it answers, and the board event number it reflects. Every change to
// what the board shows is a numbered board event (contract writes, pipeline, documents, and the card-detail
// triggers of migrations 0016 and 0017), so an unchanged number means unchanged bytes, and `If-None-Match` can
// be answered 304 after reading one counter row.

/**
 * Raise when the board's bytes change for the same data (a new field, another format): tags of the old format
 * then never match, and no client keeps a board of the old shape.
 */
const BOARD_FORMAT = 'b1';

export type BoardQuery = { searchBy: string; keyword: string; closedLimit?: number };

/** A short digest of what the answer is of: the company, the query, the format. */
export async function boardQueryKey(companyId: number, query: BoardQuery): Promise<string> {
  const text = JSON.stringify([BOARD_FORMAT, companyId, query.searchBy, query.keyword, query.closedLimit ?? null]);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...digest.slice(0, 9)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The ETag of the board `version` (`epoch:seq`) for the query `key`. */
export const boardTag = (key: string, version: string) => `"${key}.${version.replace(':', '.')}"`;

/**
 * The board versions an `If-None-Match` header names for this query (weak or strong, one tag or a list); a tag of
 * another query, company or format names none. `*` is not honoured: the board always exists, and a client that
 * sends it wants to know nothing, which is not what anyone means on a GET.
 */
export function versionsNamed(header: string | undefined, key: string): string[] {
  if (!header) return [];
  const versions: string[] = [];
  for (const part of header.split(',').slice(0, 16)) {
    const match = /^\s*(?:W\/)?"([0-9a-f]{18})\.([0-9a-f-]{0,36})\.(\d{1,15})"\s*$/.exec(part);
    if (match && match[1] === key) versions.push(`${match[2]}:${match[3]}`);
  }
  return versions;
}

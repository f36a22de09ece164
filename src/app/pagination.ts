import { z } from '@hono/zod-openapi';

/** The web client's list query: `page` from 1, `pageSize` (it always sends 8), `keyword` ('' means no filter). */
export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1).openapi({ example: 1 }),
  pageSize: z.coerce.number().int().min(1).max(100).default(8).openapi({ example: 8 }),
  keyword: z
    .string()
    .max(100)
    .default('')
    .transform((value) => value.trim())
    .openapi({ example: '', description: 'Empty means no filter' }),
};

/** `OffsetPagination<T>` as the web client reads it. */
export function paginated<T extends z.ZodTypeAny>(item: T, name: string) {
  return z
    .object({
      currentPage: z.number().int().openapi({ example: 1 }),
      totalPages: z.number().int().openapi({ example: 3 }),
      totalItemCount: z.number().int().openapi({ example: 17 }),
      totalItemCountCapped: z.literal(true).optional().openapi({
        description: 'Present when a keyword matched more rows than are counted (1,000): totalItemCount is then that cap, and more pages exist than totalPages says.',
      }),
      data: z.array(item),
    })
    .openapi(name);
}

export function pageOf<T>(data: T[], totalItemCount: number, page: number, pageSize: number, capped = false) {
  const totalPages = Math.ceil(totalItemCount / pageSize);
  return capped
    ? { currentPage: page, totalPages, totalItemCount, totalItemCountCapped: true as const, data }
    : { currentPage: page, totalPages, totalItemCount, data };
}

/** Escapes LIKE wildcards so a keyword such as `50%` matches literally. */
export function containsPattern(keyword: string): string {
  return `%${keyword.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

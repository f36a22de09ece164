/** The constraint a unique violation (SQLSTATE 23505) hit, looking through drizzle's error wrapper. */
export function violatedUniqueConstraint(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const { code, constraint } = current as { code?: unknown; constraint?: unknown };
    if (code === '23505') return typeof constraint === 'string' ? constraint : '';
  }
  return undefined;
}

/** The constraint a foreign-key violation (SQLSTATE 23503) hit, looking through drizzle's error wrapper. */
export function violatedForeignKey(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const { code, constraint } = current as { code?: unknown; constraint?: unknown };
    if (code === '23503') return typeof constraint === 'string' ? constraint : '';
  }
  return undefined;
}

/** Rows of a raw `db.execute` result (neon-http returns `{ rows }`). */
export function rowsOf<T>(result: { rows: unknown[] }): T[] {
  return result.rows as T[];
}

import { sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '../app/pagination';

/**
 * SQL: `column` contains `keyword`, ignoring case (ILIKE '%keyword%', wildcards taken literally), in a form an index
 * answers. Three characters or more: ILIKE, which the trigram indexes answer (migration 0018). Fewer have no
 * trigram: the value's letters and letter pairs (`carmate_grams`, migration 0021) hold the lower-cased keyword
 * exactly when the value contains it, so that test alone decides. ILIKE is kept only for a keyword that lower-cases
 * to three characters or more (a constant the planner folds away otherwise): with both tests the planner multiplied
 * their selectivities, expected one row, and read every match where walking the newest eight was 50× cheaper.
 */
export function contains(column: SQL, keyword: string): SQL {
  const like = sql`${column} ilike ${containsPattern(keyword)}`;
  if ([...keyword].length >= 3) return like;
  return sql`(carmate_grams(${column}) @> carmate_gram_key(${keyword}) and (char_length(lower(${keyword})) <= 2 or ${like}))`;
}

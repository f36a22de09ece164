-- Custom SQL migration file, put your code below! ---- Trigram indexes answer `ILIKE '%…%'` only for keywords of three characters or more: a shorter one (a family
-- name such as 김, a model's first two letters) has no trigram and read every row of the table. These indexes hold
-- each value's letters and letter pairs (lower-cased, as ILIKE compares): a value can contain a keyword only if it
-- has every letter and pair of it. For a keyword of one or two letters that is exactly "contains" (the keyword is
-- one of the value's grams), so `grams(column) @> gram_key(keyword)` is the whole test.
-- (Letters by regexp_split_to_array, pairs by substr: three times as fast as aggregating both, which matters
-- because a search that walks the newest rows computes it for each row it passes.)
CREATE FUNCTION "carmate_grams"("value" text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT regexp_split_to_array(l, '') || ARRAY(SELECT substr(l, i, 2) FROM generate_series(1, char_length(l) - 1) i)
  FROM (SELECT lower("value") AS l) v
$$;
--> statement-breakpoint
-- What a short keyword's matches must hold: the lower-cased keyword itself when it is one gram (one or two letters).
-- One element, not all its grams: the planner multiplies the elements' frequencies as if independent, and for
-- 쏘 + 나 + 쏘나 it expected 7 cars of a million where 9,091 matched, and chose to read them all.
CREATE FUNCTION "carmate_gram_key"("keyword" text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN char_length(lower("keyword")) <= 2 THEN ARRAY[lower("keyword")] ELSE "carmate_grams"("keyword") END
$$;
--> statement-breakpoint
CREATE INDEX "idx_cars_car_number_grams" ON "cars" USING gin ("carmate_grams"("car_number"));
--> statement-breakpoint
CREATE INDEX "idx_cars_model_grams" ON "cars" USING gin ("carmate_grams"("model"));
--> statement-breakpoint
CREATE INDEX "idx_customers_name_grams" ON "customers" USING gin ("carmate_grams"("name"));
--> statement-breakpoint
CREATE INDEX "idx_customers_email_grams" ON "customers" USING gin ("carmate_grams"("email"));
--> statement-breakpoint
CREATE INDEX "idx_users_name_grams" ON "users" USING gin ("carmate_grams"("name"));
--> statement-breakpoint
CREATE INDEX "idx_users_email_grams" ON "users" USING gin ("carmate_grams"("email"));
--> statement-breakpoint
CREATE INDEX "idx_companies_company_name_grams" ON "companies" USING gin ("carmate_grams"("company_name"));
--> statement-breakpoint
CREATE INDEX "idx_companies_company_code_grams" ON "companies" USING gin ("carmate_grams"("company_code"));

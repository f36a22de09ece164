-- Custom SQL migration file, put your code below! ---- The board's ETag is its event number: everything a card shows must therefore make a board event. Contract writes,
-- uploads and pipeline changes write theirs; card details have migration 0016's triggers. Two more can change a card:
-- a document deleted off its contract, and the company's clock (every time on the board is shown on it).
CREATE FUNCTION "carmate_board_documents_deleted"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "board_events" ("company_id", "payload")
  SELECT g."company_id", jsonb_build_object('type', 'contracts.changed', 'contractIds', jsonb_agg(DISTINCT g."contract_id"), 'actor', null, 'at', now())
  FROM gone g
  WHERE g."contract_id" IS NOT NULL AND EXISTS (SELECT 1 FROM "companies" c WHERE c."id" = g."company_id")
  GROUP BY g."company_id";
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "documents_leaving_the_board" AFTER DELETE ON "contract_documents"
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "carmate_board_documents_deleted"();
--> statement-breakpoint
CREATE FUNCTION "carmate_board_clock_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "board_events" ("company_id", "payload")
  VALUES (NEW."id", jsonb_build_object('type', 'contracts.changed', 'all', true, 'actor', null, 'at', now()));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "company_clock_on_the_board" AFTER UPDATE OF "timezone" ON "companies"
FOR EACH ROW WHEN (OLD."timezone" IS DISTINCT FROM NEW."timezone") EXECUTE FUNCTION "carmate_board_clock_changed"();
--> statement-breakpoint
-- Keyword search is `ILIKE '%…%'`: trigram indexes (next migration) answer it without reading every row.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";
--> statement-breakpoint
-- The board is written on the company's clock through the transaction's TimeZone. A zone PostgreSQL does not know
-- (only a hand edit can store one: the API checks zones) shows the board in UTC instead of failing it.
CREATE FUNCTION "carmate_use_clock"("zone" text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  RETURN set_config('TimeZone', "zone", true);
EXCEPTION WHEN invalid_parameter_value THEN
  RETURN set_config('TimeZone', 'UTC', true);
END;
$$;

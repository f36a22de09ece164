-- Custom SQL migration file, put your code below! ---- Every contract's copy of its stage's outcome (the next migration makes it required and keeps it true).
UPDATE "contracts" k SET "stage_outcome" = s."outcome"
FROM "pipeline_stages" s WHERE s."company_id" = k."company_id" AND s."key" = k."status";
--> statement-breakpoint
-- "One active contract per car" becomes a unique index next. A car already on two active contracts (the race this
-- release fixes) needs a person to decide which deal keeps it, so the upgrade stops and names them.
DO $$
DECLARE clash text;
BEGIN
  SELECT string_agg(format('car %s on contracts %s', car_id, ids), '; ') INTO clash FROM (
    SELECT "car_id", string_agg("id"::text, ', ' ORDER BY "id") AS ids FROM "contracts"
    WHERE "stage_outcome" <> 'lost' GROUP BY "car_id" HAVING count(*) > 1
  ) d;
  IF clash IS NOT NULL THEN
    RAISE EXCEPTION 'cars on more than one active contract: %; move all but one of each to a lost stage, then migrate again', clash;
  END IF;
END $$;
--> statement-breakpoint
-- Documents left without a contract (detached, or their contract deleted) become drafts again: they are listed with
-- the drafts and expire like drafts, counted from today.
UPDATE "contract_documents" SET "is_draft" = true, "updated_at" = now() WHERE "contract_id" IS NULL AND NOT "is_draft";

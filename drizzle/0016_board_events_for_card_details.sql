-- Custom SQL migration file, put your code below! --
-- A card shows more than its contract: the customer's name and phone, the car's number and model, the salesperson.
-- When one of those changes (or the salesperson's account is deleted), the contracts showing it get a board event in
-- the same transaction, whichever statement made the change: `contracts.changed` with their ids (clients fetch those
-- cards again). It is numbered at commit like every board event.
CREATE FUNCTION "carmate_board_cards_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  row_id integer := CASE WHEN TG_OP = 'DELETE' THEN OLD."id" ELSE NEW."id" END;
  ids jsonb;
  company integer;
BEGIN
  IF TG_TABLE_NAME = 'customers' THEN
    SELECT jsonb_agg(k."id" ORDER BY k."id"), min(k."company_id") INTO ids, company FROM "contracts" k WHERE k."customer_id" = row_id;
  ELSIF TG_TABLE_NAME = 'cars' THEN
    SELECT jsonb_agg(k."id" ORDER BY k."id"), min(k."company_id") INTO ids, company FROM "contracts" k WHERE k."car_id" = row_id;
  ELSE
    SELECT jsonb_agg(k."id" ORDER BY k."id"), min(k."company_id") INTO ids, company FROM "contracts" k WHERE k."user_id" = row_id;
  END IF;
  -- Not for a company that is going (its deletion cascades here): its board goes with it.
  IF ids IS NOT NULL AND EXISTS (SELECT 1 FROM "companies" WHERE "id" = company) THEN
    -- A salesperson on tens of thousands of contracts: "all" (reload the board) rather than a huge event.
    INSERT INTO "board_events" ("company_id", "payload")
    VALUES (company, CASE WHEN jsonb_array_length(ids) > 1000
      THEN jsonb_build_object('type', 'contracts.changed', 'all', true, 'actor', null, 'at', now())
      ELSE jsonb_build_object('type', 'contracts.changed', 'contractIds', ids, 'actor', null, 'at', now()) END);
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "customers_on_the_board" AFTER UPDATE OF "name", "phone_number" ON "customers"
FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name" OR OLD."phone_number" IS DISTINCT FROM NEW."phone_number")
EXECUTE FUNCTION "carmate_board_cards_changed"();
--> statement-breakpoint
CREATE TRIGGER "cars_on_the_board" AFTER UPDATE OF "car_number", "model" ON "cars"
FOR EACH ROW WHEN (OLD."car_number" IS DISTINCT FROM NEW."car_number" OR OLD."model" IS DISTINCT FROM NEW."model")
EXECUTE FUNCTION "carmate_board_cards_changed"();
--> statement-breakpoint
CREATE TRIGGER "users_on_the_board" AFTER UPDATE OF "name" ON "users"
FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name")
EXECUTE FUNCTION "carmate_board_cards_changed"();
--> statement-breakpoint
-- Before the delete: afterwards the foreign key has already taken the salesperson off the contracts.
CREATE TRIGGER "users_leaving_the_board" BEFORE DELETE ON "users"
FOR EACH ROW EXECUTE FUNCTION "carmate_board_cards_changed"();

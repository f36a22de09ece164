-- Custom SQL migration file, put your code below! --
-- Live-board events are numbered per company in commit order: numbering takes the company's counter row (held to
-- commit), so the next writer's numbers come after this one's. Writers call the function as their batch's last
-- statement (after every other lock, so it never takes part in a deadlock) to learn their numbers; the deferred
-- trigger numbers whatever a writer left unnumbered, so no event is ever committed without its number.
CREATE FUNCTION "carmate_number_board_events"("company" integer)
RETURNS TABLE("event_seq" bigint, "board_epoch" uuid, "event_payload" jsonb)
LANGUAGE plpgsql AS $$
DECLARE
  pending bigint;
BEGIN
  SELECT count(*) INTO pending FROM "board_events" e WHERE e."company_id" = "company" AND e."seq" IS NULL;
  IF pending = 0 THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH bump AS (
    INSERT INTO "board_counters" AS c ("company_id", "last_seq") VALUES ("company", pending)
    ON CONFLICT ("company_id") DO UPDATE SET "last_seq" = c."last_seq" + pending, "updated_at" = now()
    RETURNING c."last_seq", c."epoch"
  ), todo AS (
    SELECT e."id", row_number() OVER (ORDER BY e."id") AS n
    FROM "board_events" e WHERE e."company_id" = "company" AND e."seq" IS NULL
  )
  UPDATE "board_events" e SET "seq" = bump."last_seq" - pending + todo.n
  FROM bump, todo WHERE e."id" = todo."id"
  RETURNING e."seq", bump."epoch", e."payload";
END;
$$;
--> statement-breakpoint
CREATE FUNCTION "carmate_board_event_numbered"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "carmate_number_board_events"(NEW."company_id");
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "board_events_numbered_before_commit" AFTER INSERT ON "board_events"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "carmate_board_event_numbered"();

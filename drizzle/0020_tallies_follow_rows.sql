-- Custom SQL migration file, put your code below! ---- Tallies (see src/db/schema/tallies.ts) follow every statement that adds, removes or re-buckets a row, whatever
-- made it: each statement appends one row of differences per key, so writers never wait on one counter row.
-- A company being deleted gets none (its tallies go with it, and a row for it would break the foreign key).
-- A contract's body type is its car's (the catalogue's type of the car's manufacturer and model, '기타' if none),
-- as the dashboard groups them; a car changing model moves its contracts' counts along.
CREATE FUNCTION "carmate_tally_cars"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "tallies" ("company_id", "subject", "bucket", "items")
    SELECT n."company_id", 'cars', n."status"::text, count(*) FROM added n GROUP BY 1, 3;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "tallies" ("company_id", "subject", "bucket", "items")
    SELECT o."company_id", 'cars', o."status"::text, -count(*) FROM gone o
    WHERE EXISTS (SELECT 1 FROM "companies" c WHERE c."id" = o."company_id") GROUP BY 1, 3;
  ELSE
    INSERT INTO "tallies" ("company_id", "subject", "bucket", "items")
    SELECT d."company_id", 'cars', d."bucket", sum(d."items")
    FROM gone o JOIN added n ON n."id" = o."id"
    CROSS JOIN LATERAL (VALUES (o."company_id", o."status"::text, -1), (n."company_id", n."status"::text, 1)) d("company_id", "bucket", "items")
    WHERE (n."status", n."company_id") IS DISTINCT FROM (o."status", o."company_id")
    GROUP BY 1, 3 HAVING sum(d."items") <> 0;

    INSERT INTO "tallies" ("company_id", "subject", "bucket", "car_type", "items", "amount")
    SELECT k."company_id", 'contracts', k."status", d."car_type", sum(d."sign"), sum(d."sign" * coalesce(k."contract_price", 0))
    FROM (
      SELECT o."id", coalesce(mo."type", '기타') AS "old_type", coalesce(mn."type", '기타') AS "new_type"
      FROM gone o JOIN added n ON n."id" = o."id"
      LEFT JOIN "car_models" mo ON mo."manufacturer" = o."manufacturer" AND mo."model" = o."model"
      LEFT JOIN "car_models" mn ON mn."manufacturer" = n."manufacturer" AND mn."model" = n."model"
    ) ch
    CROSS JOIN LATERAL (VALUES (ch."old_type", -1), (ch."new_type", 1)) d("car_type", "sign")
    JOIN "contracts" k ON k."car_id" = ch."id"
    WHERE ch."old_type" <> ch."new_type"
    GROUP BY 1, 3, 4;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "cars_tallied_on_insert" AFTER INSERT ON "cars"
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "carmate_tally_cars"();
--> statement-breakpoint
CREATE TRIGGER "cars_tallied_on_update" AFTER UPDATE ON "cars"
REFERENCING OLD TABLE AS gone NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "carmate_tally_cars"();
--> statement-breakpoint
CREATE TRIGGER "cars_tallied_on_delete" AFTER DELETE ON "cars"
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "carmate_tally_cars"();
--> statement-breakpoint
CREATE FUNCTION "carmate_tally_customers"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "tallies" ("company_id", "subject", "items")
    SELECT n."company_id", 'customers', count(*) FROM added n GROUP BY 1;
  ELSE
    INSERT INTO "tallies" ("company_id", "subject", "items")
    SELECT o."company_id", 'customers', -count(*) FROM gone o
    WHERE EXISTS (SELECT 1 FROM "companies" c WHERE c."id" = o."company_id") GROUP BY 1;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "customers_tallied_on_insert" AFTER INSERT ON "customers"
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "carmate_tally_customers"();
--> statement-breakpoint
CREATE TRIGGER "customers_tallied_on_delete" AFTER DELETE ON "customers"
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "carmate_tally_customers"();
--> statement-breakpoint
CREATE FUNCTION "carmate_tally_contracts"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "tallies" ("company_id", "subject", "bucket", "car_type", "items", "amount")
    SELECT n."company_id", 'contracts', n."status", coalesce(m."type", '기타'), count(*), sum(coalesce(n."contract_price", 0))
    FROM added n
    LEFT JOIN "cars" c ON c."id" = n."car_id"
    LEFT JOIN "car_models" m ON m."manufacturer" = c."manufacturer" AND m."model" = c."model"
    GROUP BY 1, 3, 4;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "tallies" ("company_id", "subject", "bucket", "car_type", "items", "amount")
    SELECT o."company_id", 'contracts', o."status", coalesce(m."type", '기타'), -count(*), -sum(coalesce(o."contract_price", 0))
    FROM gone o
    LEFT JOIN "cars" c ON c."id" = o."car_id"
    LEFT JOIN "car_models" m ON m."manufacturer" = c."manufacturer" AND m."model" = c."model"
    WHERE EXISTS (SELECT 1 FROM "companies" co WHERE co."id" = o."company_id")
    GROUP BY 1, 3, 4;
  ELSE
    INSERT INTO "tallies" ("company_id", "subject", "bucket", "car_type", "items", "amount")
    SELECT d."company_id", 'contracts', d."bucket", coalesce(m."type", '기타'), sum(d."sign"), sum(d."sign" * d."price")
    FROM gone o JOIN added n ON n."id" = o."id"
    CROSS JOIN LATERAL (VALUES
      (o."company_id", o."status", o."car_id", coalesce(o."contract_price", 0), -1),
      (n."company_id", n."status", n."car_id", coalesce(n."contract_price", 0), 1)
    ) d("company_id", "bucket", "car_id", "price", "sign")
    LEFT JOIN "cars" c ON c."id" = d."car_id"
    LEFT JOIN "car_models" m ON m."manufacturer" = c."manufacturer" AND m."model" = c."model"
    WHERE (n."status", n."car_id", n."contract_price", n."company_id") IS DISTINCT FROM (o."status", o."car_id", o."contract_price", o."company_id")
    GROUP BY 1, 3, 4 HAVING sum(d."sign") <> 0 OR sum(d."sign" * d."price") <> 0;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "contracts_tallied_on_insert" AFTER INSERT ON "contracts"
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "carmate_tally_contracts"();
--> statement-breakpoint
CREATE TRIGGER "contracts_tallied_on_update" AFTER UPDATE ON "contracts"
REFERENCING OLD TABLE AS gone NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "carmate_tally_contracts"();
--> statement-breakpoint
CREATE TRIGGER "contracts_tallied_on_delete" AFTER DELETE ON "contracts"
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "carmate_tally_contracts"();
--> statement-breakpoint
-- What is already there, counted once (the triggers above hold the tables' writers until this commits).
INSERT INTO "tallies" ("company_id", "subject", "bucket", "items")
SELECT "company_id", 'cars', "status"::text, count(*) FROM "cars" GROUP BY 1, 3;
--> statement-breakpoint
INSERT INTO "tallies" ("company_id", "subject", "items")
SELECT "company_id", 'customers', count(*) FROM "customers" GROUP BY 1;
--> statement-breakpoint
INSERT INTO "tallies" ("company_id", "subject", "bucket", "car_type", "items", "amount")
SELECT k."company_id", 'contracts', k."status", coalesce(m."type", '기타'), count(*), sum(coalesce(k."contract_price", 0))
FROM "contracts" k
LEFT JOIN "cars" c ON c."id" = k."car_id"
LEFT JOIN "car_models" m ON m."manufacturer" = c."manufacturer" AND m."model" = c."model"
GROUP BY 1, 3, 4;

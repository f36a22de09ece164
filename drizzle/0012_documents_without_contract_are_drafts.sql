-- Custom SQL migration file, put your code below! ---- A document is a draft exactly when it has no contract, however it lost it: including the foreign key's
-- ON DELETE SET NULL when its contract is deleted, which no statement of ours sees (a document attached at the
-- same instant as the deletion). The check constraint of the next migration holds the rule; this trigger keeps it.
CREATE FUNCTION "carmate_document_draft_state"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."contract_id" IS NULL AND NOT NEW."is_draft" THEN
    NEW."is_draft" := true;
    NEW."updated_at" := now(); -- drafts expire counted from when they lost their contract
  ELSIF NEW."contract_id" IS NOT NULL THEN
    NEW."is_draft" := false;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "contract_documents_draft_state" BEFORE INSERT OR UPDATE OF "contract_id", "is_draft" ON "contract_documents"
FOR EACH ROW EXECUTE FUNCTION "carmate_document_draft_state"();
--> statement-breakpoint
UPDATE "contract_documents" SET "is_draft" = ("contract_id" IS NULL) WHERE "is_draft" <> ("contract_id" IS NULL);

ALTER TABLE "contract_documents" ADD COLUMN "uploaded_by" integer;--> statement-breakpoint
ALTER TABLE "uploaded_images" ADD COLUMN "uploaded_by" integer;
CREATE TABLE "object_deletions" (
	"id" serial PRIMARY KEY NOT NULL,
	"path" text NOT NULL,
	"is_prefix" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "stage_outcome" "StageOutcome";--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "resend_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "resent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD CONSTRAINT "unique_stage_key_outcome_per_company" UNIQUE("company_id","key","outcome");
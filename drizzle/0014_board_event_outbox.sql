CREATE TABLE "board_counters" (
	"company_id" integer PRIMARY KEY NOT NULL,
	"epoch" uuid DEFAULT gen_random_uuid() NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL,
	"acked_seq" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "board_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"company_id" integer NOT NULL,
	"seq" bigint,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "board_counters" ADD CONSTRAINT "board_counters_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_events" ADD CONSTRAINT "board_events_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "board_counters_unacked" ON "board_counters" USING btree ("company_id") WHERE last_seq > acked_seq;--> statement-breakpoint
CREATE UNIQUE INDEX "board_events_company_seq" ON "board_events" USING btree ("company_id","seq");--> statement-breakpoint
CREATE INDEX "board_events_unnumbered" ON "board_events" USING btree ("company_id") WHERE seq is null;--> statement-breakpoint
CREATE INDEX "board_events_created_at" ON "board_events" USING btree ("created_at");
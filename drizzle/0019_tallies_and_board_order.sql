CREATE TABLE "tallies" (
	"company_id" integer NOT NULL,
	"subject" varchar(16) NOT NULL,
	"bucket" varchar(50) DEFAULT '' NOT NULL,
	"car_type" varchar(20) DEFAULT '' NOT NULL,
	"items" bigint NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
DROP INDEX "idx_contracts_board_order";--> statement-breakpoint
ALTER TABLE "tallies" ADD CONSTRAINT "tallies_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tallies_key" ON "tallies" USING btree ("company_id","subject","bucket","car_type");--> statement-breakpoint
CREATE INDEX "idx_contracts_won_by_resolution" ON "contracts" USING btree ("company_id","resolution_date","contract_price") WHERE stage_outcome = 'won';--> statement-breakpoint
CREATE INDEX "idx_contracts_board_order" ON "contracts" USING btree ("company_id","status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);
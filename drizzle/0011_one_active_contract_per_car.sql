ALTER TABLE "contracts" DROP CONSTRAINT "contracts_company_stage_fk";
--> statement-breakpoint
ALTER TABLE "contracts" ALTER COLUMN "stage_outcome" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_company_stage_fk" FOREIGN KEY ("company_id","status","stage_outcome") REFERENCES "public"."pipeline_stages"("company_id","key","outcome") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
CREATE UNIQUE INDEX "one_active_contract_per_car" ON "contracts" USING btree ("car_id") WHERE stage_outcome <> 'lost';
CREATE INDEX "idx_companies_name_trgm" ON "companies" USING gin ("company_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "idx_companies_code_trgm" ON "companies" USING gin ("company_code" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "idx_users_name_trgm" ON "users" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "idx_users_email_trgm" ON "users" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "idx_cars_car_number_trgm" ON "cars" USING gin ("car_number" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "idx_cars_model_trgm" ON "cars" USING gin ("model" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "idx_customers_name_trgm" ON "customers" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "idx_customers_email_trgm" ON "customers" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "idx_contracts_board_order" ON "contracts" USING btree ("company_id","status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);
CREATE TABLE "login_failures" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" varchar(255) NOT NULL,
	"ip" varchar(64) NOT NULL,
	"failed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "idx_login_failures_email" ON "login_failures" USING btree ("email","failed_at");--> statement-breakpoint
CREATE INDEX "idx_login_failures_ip" ON "login_failures" USING btree ("ip","failed_at");
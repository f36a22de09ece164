-- Custom SQL migration file, put your code below! --
-- Sessions for the sign-ins that are still live (a refresh-token family not revoked), so nobody is signed out by
-- the upgrade; revoked families' tokens go (a later migration ties every token to its session).
INSERT INTO "sessions" ("id", "user_id", "company_id", "expires_at", "created_at")
SELECT "family_id", min("user_id"), min("company_id"), max("expires_at"), min("created_at")
FROM "refresh_tokens" WHERE "revoked_at" IS NULL GROUP BY "family_id";
--> statement-breakpoint
DELETE FROM "refresh_tokens" WHERE "family_id" NOT IN (SELECT "id" FROM "sessions");
--> statement-breakpoint
INSERT INTO "auth_failures" ("kind", "subject", "ip", "failed_at")
SELECT 'login', "email", "ip", "failed_at" FROM "login_failures";
--> statement-breakpoint
-- The session check every signed-in request runs first, in the same round trip (and transaction) as its own work:
-- an ended session (logout, password change, deletion, role change) aborts the whole request with SQLSTATE CM401,
-- which the API answers with 401. Nothing the request would have written is kept.
CREATE FUNCTION "carmate_require_session"(session_id uuid, account_id integer) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
  PERFORM 1 FROM "sessions" WHERE "id" = session_id AND "user_id" = account_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'session ended' USING ERRCODE = 'CM401';
  END IF;
END;
$$;

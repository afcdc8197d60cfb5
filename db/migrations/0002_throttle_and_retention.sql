CREATE TYPE "public"."set_password_outcome" AS ENUM('succeeded', 'unknown', 'used', 'expired', 'inactive');--> statement-breakpoint
CREATE TABLE "set_password_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "set_password_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"token_hash" text NOT NULL,
	"ip" text NOT NULL,
	"outcome" "set_password_outcome" NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "set_password_attempts_hash_format" CHECK ("set_password_attempts"."token_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "sign_in_attempts" ALTER COLUMN "succeeded" DROP NOT NULL;--> statement-breakpoint
CREATE INDEX "set_password_attempts_token_idx" ON "set_password_attempts" USING btree ("token_hash","attempted_at");--> statement-breakpoint
CREATE INDEX "set_password_attempts_ip_idx" ON "set_password_attempts" USING btree ("ip","attempted_at");--> statement-breakpoint
CREATE INDEX "set_password_attempts_attempted_idx" ON "set_password_attempts" USING btree ("attempted_at");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_attempted_idx" ON "sign_in_attempts" USING btree ("attempted_at");
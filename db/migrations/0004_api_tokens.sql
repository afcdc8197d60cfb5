CREATE TYPE "public"."api_token_scope" AS ENUM('clinic', 'caseload');--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"secret_start" text NOT NULL,
	"scope" "api_token_scope" NOT NULL,
	"physio_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_tokens_secret_hash_format" CHECK ("api_tokens"."secret_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "api_tokens_name_length" CHECK (char_length(btrim("api_tokens"."name")) between 1 and 80),
	CONSTRAINT "api_tokens_caseload_has_physio" CHECK (("api_tokens"."scope" = 'caseload') = ("api_tokens"."physio_id" is not null)),
	CONSTRAINT "api_tokens_expiry_after_creation" CHECK ("api_tokens"."expires_at" > "api_tokens"."created_at"),
	CONSTRAINT "api_tokens_revoked_with_whom" CHECK (("api_tokens"."revoked_at" is null) = ("api_tokens"."revoked_by" is null))
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_physio_id_users_id_fk" FOREIGN KEY ("physio_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_secret_hash_key" ON "api_tokens" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_created_idx" ON "api_tokens" USING btree ("created_at");
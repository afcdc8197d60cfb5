CREATE TYPE "public"."api_token_scope" AS ENUM('clinic', 'caseload');--> statement-breakpoint
CREATE TYPE "public"."fhir_export_status" AS ENUM('queued', 'running', 'complete', 'failed', 'cancelled');--> statement-breakpoint
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
CREATE TABLE "fhir_export_chunks" (
	"job_id" uuid NOT NULL,
	"type" text NOT NULL,
	"seq" integer NOT NULL,
	"lines" integer NOT NULL,
	"body" text NOT NULL,
	CONSTRAINT "fhir_export_chunks_job_id_type_seq_pk" PRIMARY KEY("job_id","type","seq")
);
--> statement-breakpoint
CREATE TABLE "fhir_export_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_id" uuid NOT NULL,
	"api_token_id" uuid,
	"level" text NOT NULL,
	"types" text[] NOT NULL,
	"status" "fhir_export_status" DEFAULT 'queued' NOT NULL,
	"request_url" text NOT NULL,
	"transaction_time" timestamp with time zone DEFAULT now() NOT NULL,
	"as_of" date NOT NULL,
	"patients_total" integer NOT NULL,
	"patients_done" integer DEFAULT 0 NOT NULL,
	"cursor" uuid,
	"lease_id" uuid,
	"lease_until" timestamp with time zone,
	"error" text,
	"finished_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fhir_export_jobs_level" CHECK ("fhir_export_jobs"."level" in ('system', 'patient')),
	CONSTRAINT "fhir_export_jobs_progress" CHECK ("fhir_export_jobs"."patients_done" between 0 and "fhir_export_jobs"."patients_total")
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_physio_id_users_id_fk" FOREIGN KEY ("physio_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fhir_export_chunks" ADD CONSTRAINT "fhir_export_chunks_job_id_fhir_export_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."fhir_export_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fhir_export_jobs" ADD CONSTRAINT "fhir_export_jobs_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fhir_export_jobs" ADD CONSTRAINT "fhir_export_jobs_api_token_id_api_tokens_id_fk" FOREIGN KEY ("api_token_id") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_secret_hash_key" ON "api_tokens" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_created_idx" ON "api_tokens" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "fhir_export_jobs_pending_idx" ON "fhir_export_jobs" USING btree ("status","transaction_time");
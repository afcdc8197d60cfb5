CREATE TYPE "public"."outcome_schedule" AS ENUM('once', 'start', 'every_2_weeks', 'every_4_weeks', 'every_6_weeks', 'discharge');--> statement-breakpoint
CREATE TYPE "public"."text_size" AS ENUM('standard', 'large', 'largest');--> statement-breakpoint
CREATE TABLE "outcome_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"instrument_id" text NOT NULL,
	"schedule" "outcome_schedule" NOT NULL,
	"starts_on" date NOT NULL,
	"created_by" uuid NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outcome_definitions" (
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outcome_definitions_id_version_pk" PRIMARY KEY("id","version"),
	CONSTRAINT "outcome_definitions_id_format" CHECK ("outcome_definitions"."id" ~ '^[a-z][a-z0-9_-]{1,39}$'),
	CONSTRAINT "outcome_definitions_version_positive" CHECK ("outcome_definitions"."version" >= 1),
	CONSTRAINT "outcome_definitions_definition_matches" CHECK ("outcome_definitions"."definition"->>'id' = "outcome_definitions"."id" and ("outcome_definitions"."definition"->>'version')::int = "outcome_definitions"."version")
);
--> statement-breakpoint
CREATE TABLE "outcome_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"assignment_id" uuid NOT NULL,
	"instrument_id" text NOT NULL,
	"definition_version" integer NOT NULL,
	"answered_on" date NOT NULL,
	"answers" jsonb NOT NULL,
	"score" double precision NOT NULL,
	"subscales" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"band_id" text,
	"activities" jsonb,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outcome_responses_version_positive" CHECK ("outcome_responses"."definition_version" > 0),
	CONSTRAINT "outcome_responses_idempotency_key_length" CHECK (char_length("outcome_responses"."idempotency_key") between 8 and 100)
);
--> statement-breakpoint
CREATE TABLE "outcome_skips" (
	"patient_id" uuid NOT NULL,
	"assignment_id" uuid NOT NULL,
	"skipped_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outcome_skips_assignment_id_skipped_on_pk" PRIMARY KEY("assignment_id","skipped_on")
);
--> statement-breakpoint
ALTER TABLE "patient_profiles" ADD COLUMN "text_size" text_size DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "patient_profiles" ADD COLUMN "high_contrast" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "outcome_assignments" ADD CONSTRAINT "outcome_assignments_patient_id_users_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_assignments" ADD CONSTRAINT "outcome_assignments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_definitions" ADD CONSTRAINT "outcome_definitions_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_responses" ADD CONSTRAINT "outcome_responses_patient_id_users_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_responses" ADD CONSTRAINT "outcome_responses_assignment_id_outcome_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."outcome_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_skips" ADD CONSTRAINT "outcome_skips_patient_id_users_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_skips" ADD CONSTRAINT "outcome_skips_assignment_id_outcome_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."outcome_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outcome_assignments_patient_idx" ON "outcome_assignments" USING btree ("patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outcome_assignments_active_key" ON "outcome_assignments" USING btree ("patient_id","instrument_id","schedule") WHERE "outcome_assignments"."active";--> statement-breakpoint
CREATE INDEX "outcome_responses_patient_idx" ON "outcome_responses" USING btree ("patient_id","instrument_id","answered_on");--> statement-breakpoint
CREATE UNIQUE INDEX "outcome_responses_idempotency_key" ON "outcome_responses" USING btree ("patient_id","idempotency_key");
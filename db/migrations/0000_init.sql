CREATE TYPE "public"."body_region" AS ENUM('lower_back', 'core', 'hips', 'legs', 'whole_body');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('admin', 'physio', 'patient');--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"ip" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "audit_events_action_format" CHECK ("audit_events"."action" ~ '^[a-z_]+(\.[a-z_]+)+$')
);
--> statement-breakpoint
CREATE TABLE "completions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"routine_item_id" uuid NOT NULL,
	"performed_on" date NOT NULL,
	"session" smallint DEFAULT 1 NOT NULL,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "completions_session_range" CHECK ("completions"."session" between 1 and 3),
	CONSTRAINT "completions_idempotency_key_length" CHECK (char_length("completions"."idempotency_key") between 8 and 100)
);
--> statement-breakpoint
CREATE TABLE "exercises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"library_key" text,
	"name" text NOT NULL,
	"body_region" "body_region" NOT NULL,
	"instructions" text NOT NULL,
	"default_sets" smallint NOT NULL,
	"default_reps" smallint NOT NULL,
	"default_hold_seconds" smallint,
	"media_url" text,
	"author_id" uuid,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exercises_name_length" CHECK (char_length(btrim("exercises"."name")) between 1 and 120),
	CONSTRAINT "exercises_instructions_length" CHECK (char_length(btrim("exercises"."instructions")) between 1 and 4000),
	CONSTRAINT "exercises_default_sets_range" CHECK ("exercises"."default_sets" between 1 and 20),
	CONSTRAINT "exercises_default_reps_range" CHECK ("exercises"."default_reps" between 1 and 100),
	CONSTRAINT "exercises_default_hold_range" CHECK ("exercises"."default_hold_seconds" is null or "exercises"."default_hold_seconds" between 1 and 600),
	CONSTRAINT "exercises_media_url_https" CHECK ("exercises"."media_url" is null or "exercises"."media_url" ~ '^https://'),
	CONSTRAINT "exercises_library_or_author" CHECK (("exercises"."library_key" is null) <> ("exercises"."author_id" is null))
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"user_id" uuid NOT NULL,
	"key" text NOT NULL,
	"operation" text NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_user_id_key_pk" PRIMARY KEY("user_id","key"),
	CONSTRAINT "idempotency_keys_key_length" CHECK (char_length("idempotency_keys"."key") between 8 and 100)
);
--> statement-breakpoint
CREATE TABLE "pain_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"reported_on" date NOT NULL,
	"score" smallint NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pain_reports_score_range" CHECK ("pain_reports"."score" between 0 and 10),
	CONSTRAINT "pain_reports_note_length" CHECK (char_length("pain_reports"."note") <= 1000),
	CONSTRAINT "pain_reports_idempotency_key_length" CHECK (char_length("pain_reports"."idempotency_key") between 8 and 100)
);
--> statement-breakpoint
CREATE TABLE "patient_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"physio_id" uuid NOT NULL,
	"date_of_birth" date,
	"condition" text DEFAULT '' NOT NULL,
	"goal" text DEFAULT '' NOT NULL,
	"discharged_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "patient_profiles_not_own_physio" CHECK ("patient_profiles"."user_id" <> "patient_profiles"."physio_id"),
	CONSTRAINT "patient_profiles_condition_length" CHECK (char_length("patient_profiles"."condition") <= 200),
	CONSTRAINT "patient_profiles_goal_length" CHECK (char_length("patient_profiles"."goal") <= 500)
);
--> statement-breakpoint
CREATE TABLE "routine_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"routine_id" uuid NOT NULL,
	"exercise_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"sets" smallint NOT NULL,
	"reps" smallint NOT NULL,
	"hold_seconds" smallint,
	"days_mask" smallint DEFAULT 127 NOT NULL,
	"times_per_day" smallint DEFAULT 1 NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "routine_items_position_positive" CHECK ("routine_items"."position" >= 0),
	CONSTRAINT "routine_items_sets_range" CHECK ("routine_items"."sets" between 1 and 20),
	CONSTRAINT "routine_items_reps_range" CHECK ("routine_items"."reps" between 1 and 100),
	CONSTRAINT "routine_items_hold_range" CHECK ("routine_items"."hold_seconds" is null or "routine_items"."hold_seconds" between 1 and 600),
	CONSTRAINT "routine_items_days_mask_range" CHECK ("routine_items"."days_mask" between 1 and 127),
	CONSTRAINT "routine_items_times_per_day_range" CHECK ("routine_items"."times_per_day" between 1 and 3),
	CONSTRAINT "routine_items_note_length" CHECK (char_length("routine_items"."note") <= 500)
);
--> statement-breakpoint
CREATE TABLE "routines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"previous_routine_id" uuid,
	"title" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "routines_title_length" CHECK (char_length(btrim("routines"."title")) between 1 and 120),
	CONSTRAINT "routines_dates_ordered" CHECK ("routines"."end_date" is null or "routines"."end_date" >= "routines"."start_date")
);
--> statement-breakpoint
CREATE TABLE "set_password_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "set_password_tokens_hash_format" CHECK ("set_password_tokens"."token_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "set_password_tokens_expiry_after_creation" CHECK ("set_password_tokens"."expires_at" > "set_password_tokens"."created_at")
);
--> statement-breakpoint
CREATE TABLE "sign_in_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sign_in_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"ip" text NOT NULL,
	"succeeded" boolean NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" "role" NOT NULL,
	"password_hash" text,
	"active" boolean DEFAULT true NOT NULL,
	"session_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_normalised" CHECK ("users"."email" = lower(btrim("users"."email")) and "users"."email" like '%_@_%'),
	CONSTRAINT "users_name_length" CHECK (char_length(btrim("users"."name")) between 1 and 120),
	CONSTRAINT "users_session_version_positive" CHECK ("users"."session_version" > 0)
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completions" ADD CONSTRAINT "completions_patient_id_users_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completions" ADD CONSTRAINT "completions_routine_item_id_routine_items_id_fk" FOREIGN KEY ("routine_item_id") REFERENCES "public"."routine_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercises" ADD CONSTRAINT "exercises_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pain_reports" ADD CONSTRAINT "pain_reports_patient_id_users_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_profiles" ADD CONSTRAINT "patient_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_profiles" ADD CONSTRAINT "patient_profiles_physio_id_users_id_fk" FOREIGN KEY ("physio_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routine_items" ADD CONSTRAINT "routine_items_routine_id_routines_id_fk" FOREIGN KEY ("routine_id") REFERENCES "public"."routines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routine_items" ADD CONSTRAINT "routine_items_exercise_id_exercises_id_fk" FOREIGN KEY ("exercise_id") REFERENCES "public"."exercises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routines" ADD CONSTRAINT "routines_patient_id_users_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routines" ADD CONSTRAINT "routines_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routines" ADD CONSTRAINT "routines_previous_routine_id_routines_id_fk" FOREIGN KEY ("previous_routine_id") REFERENCES "public"."routines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "set_password_tokens" ADD CONSTRAINT "set_password_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "set_password_tokens" ADD CONSTRAINT "set_password_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_occurred_idx" ON "audit_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "completions_item_day_session_key" ON "completions" USING btree ("routine_item_id","performed_on","session");--> statement-breakpoint
CREATE UNIQUE INDEX "completions_idempotency_key" ON "completions" USING btree ("patient_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "completions_patient_day_idx" ON "completions" USING btree ("patient_id","performed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "exercises_library_key_key" ON "exercises" USING btree ("library_key");--> statement-breakpoint
CREATE INDEX "exercises_author_idx" ON "exercises" USING btree ("author_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pain_reports_patient_day_key" ON "pain_reports" USING btree ("patient_id","reported_on");--> statement-breakpoint
CREATE UNIQUE INDEX "pain_reports_idempotency_key" ON "pain_reports" USING btree ("patient_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "patient_profiles_physio_idx" ON "patient_profiles" USING btree ("physio_id");--> statement-breakpoint
CREATE UNIQUE INDEX "routine_items_position_key" ON "routine_items" USING btree ("routine_id","position");--> statement-breakpoint
CREATE INDEX "routines_patient_idx" ON "routines" USING btree ("patient_id","start_date");--> statement-breakpoint
CREATE UNIQUE INDEX "routines_one_open_per_patient" ON "routines" USING btree ("patient_id") WHERE "routines"."end_date" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "set_password_tokens_hash_key" ON "set_password_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "set_password_tokens_user_idx" ON "set_password_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_email_idx" ON "sign_in_attempts" USING btree ("email","attempted_at");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_ip_idx" ON "sign_in_attempts" USING btree ("ip","attempted_at");--> statement-breakpoint
CREATE INDEX "user_sessions_user_idx" ON "user_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");
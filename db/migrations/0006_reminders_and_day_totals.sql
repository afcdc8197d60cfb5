CREATE TYPE "public"."reminder_channel" AS ENUM('push', 'email', 'push_and_email');--> statement-breakpoint
CREATE TYPE "public"."reminder_kind" AS ENUM('daily', 'evening');--> statement-breakpoint
CREATE TYPE "public"."reminder_send_status" AS ENUM('due', 'sending', 'sent', 'failed', 'skipped');--> statement-breakpoint
ALTER TYPE "public"."mail_purpose" ADD VALUE 'reminder';--> statement-breakpoint
ALTER TYPE "public"."mail_purpose" ADD VALUE 'evening_reminder';--> statement-breakpoint
CREATE TABLE "patient_day_totals" (
	"patient_id" uuid NOT NULL,
	"day" date NOT NULL,
	"completed_sessions" integer NOT NULL,
	"pain_score" smallint,
	CONSTRAINT "patient_day_totals_patient_id_day_pk" PRIMARY KEY("patient_id","day")
);
--> statement-breakpoint
CREATE TABLE "push_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"endpoint" text NOT NULL,
	"p256dh" text NOT NULL,
	"auth" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_success_at" timestamp with time zone,
	"last_failure_at" timestamp with time zone,
	"last_error" text,
	CONSTRAINT "push_subscriptions_endpoint_length" CHECK (char_length("push_subscriptions"."endpoint") between 12 and 2000),
	CONSTRAINT "push_subscriptions_p256dh_format" CHECK ("push_subscriptions"."p256dh" ~ '^[A-Za-z0-9_-]{80,100}$'),
	CONSTRAINT "push_subscriptions_auth_format" CHECK ("push_subscriptions"."auth" ~ '^[A-Za-z0-9_-]{16,30}$'),
	CONSTRAINT "push_subscriptions_last_error_length" CHECK (char_length("push_subscriptions"."last_error") <= 500)
);
--> statement-breakpoint
CREATE TABLE "reminder_preferences" (
	"patient_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"daily_time" text NOT NULL,
	"days_mask" smallint,
	"push" boolean DEFAULT false NOT NULL,
	"email" boolean DEFAULT false NOT NULL,
	"evening_nudge" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_preferences_time_format" CHECK ("reminder_preferences"."daily_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
	CONSTRAINT "reminder_preferences_days_mask_range" CHECK ("reminder_preferences"."days_mask" is null or "reminder_preferences"."days_mask" between 1 and 127),
	CONSTRAINT "reminder_preferences_channel_when_on" CHECK (not "reminder_preferences"."enabled" or "reminder_preferences"."push" or "reminder_preferences"."email")
);
--> statement-breakpoint
CREATE TABLE "reminder_sends" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"on_date" date NOT NULL,
	"kind" "reminder_kind" NOT NULL,
	"channel" "reminder_channel" NOT NULL,
	"status" "reminder_send_status" DEFAULT 'due' NOT NULL,
	"lease_id" uuid,
	"lease_until" timestamp with time zone,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_sends_lease_only_while_sending" CHECK (("reminder_sends"."status" = 'sending') = ("reminder_sends"."lease_id" is not null and "reminder_sends"."lease_until" is not null)),
	CONSTRAINT "reminder_sends_attempts_range" CHECK ("reminder_sends"."attempts" between 0 and 100),
	CONSTRAINT "reminder_sends_error_length" CHECK (char_length("reminder_sends"."error") <= 500)
);
--> statement-breakpoint
ALTER TABLE "mail_outbox" DROP CONSTRAINT "mail_outbox_link_only_while_pending";--> statement-breakpoint
ALTER TABLE "patient_day_totals" ADD CONSTRAINT "patient_day_totals_patient_id_users_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_subscriptions" ADD CONSTRAINT "push_subscriptions_patient_id_users_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_preferences" ADD CONSTRAINT "reminder_preferences_patient_id_users_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_sends" ADD CONSTRAINT "reminder_sends_patient_id_users_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "push_subscriptions_endpoint_key" ON "push_subscriptions" USING btree ("endpoint");--> statement-breakpoint
CREATE INDEX "push_subscriptions_patient_idx" ON "push_subscriptions" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "reminder_preferences_enabled_idx" ON "reminder_preferences" USING btree ("patient_id") WHERE "reminder_preferences"."enabled";--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_sends_patient_date_kind_key" ON "reminder_sends" USING btree ("patient_id","on_date","kind");--> statement-breakpoint
CREATE INDEX "reminder_sends_on_date_idx" ON "reminder_sends" USING btree ("on_date");--> statement-breakpoint
CREATE INDEX "reminder_sends_pending_idx" ON "reminder_sends" USING btree ("created_at") WHERE "reminder_sends"."status" in ('due', 'sending');--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_link_only_while_pending" CHECK (("mail_outbox"."status" in ('queued', 'sending', 'retrying') and "mail_outbox"."purpose"::text in ('invitation', 'password_link')) = ("mail_outbox"."sealed_token" is not null));
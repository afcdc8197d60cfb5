CREATE TYPE "public"."mail_purpose" AS ENUM('invitation', 'password_link');--> statement-breakpoint
CREATE TYPE "public"."mail_status" AS ENUM('queued', 'sending', 'sent', 'retrying', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "mail_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purpose" "mail_purpose" NOT NULL,
	"recipient_id" uuid NOT NULL,
	"set_password_token_id" uuid,
	"to_address" text NOT NULL,
	"sealed_token" text,
	"status" "mail_status" DEFAULT 'queued' NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_id" uuid,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mail_outbox_attempts_range" CHECK ("mail_outbox"."attempts" between 0 and 1000),
	CONSTRAINT "mail_outbox_link_only_while_pending" CHECK (("mail_outbox"."status" in ('queued', 'sending', 'retrying')) = ("mail_outbox"."sealed_token" is not null)),
	CONSTRAINT "mail_outbox_lease_only_while_sending" CHECK (("mail_outbox"."status" = 'sending') = ("mail_outbox"."lease_id" is not null)),
	CONSTRAINT "mail_outbox_last_error_length" CHECK (char_length("mail_outbox"."last_error") <= 500),
	CONSTRAINT "mail_outbox_to_address_format" CHECK ("mail_outbox"."to_address" like '%_@_%')
);
--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_set_password_token_id_set_password_tokens_id_fk" FOREIGN KEY ("set_password_token_id") REFERENCES "public"."set_password_tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_outbox_due_idx" ON "mail_outbox" USING btree ("next_attempt_at") WHERE "mail_outbox"."status" in ('queued', 'sending', 'retrying');--> statement-breakpoint
CREATE INDEX "mail_outbox_recipient_idx" ON "mail_outbox" USING btree ("recipient_id","created_at");
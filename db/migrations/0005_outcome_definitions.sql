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
ALTER TABLE "outcome_definitions" ADD CONSTRAINT "outcome_definitions_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
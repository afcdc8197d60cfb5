CREATE TABLE "patient_day_totals" (
	"patient_id" uuid NOT NULL,
	"day" date NOT NULL,
	"completed_sessions" integer NOT NULL,
	"pain_score" smallint,
	CONSTRAINT "patient_day_totals_patient_id_day_pk" PRIMARY KEY("patient_id","day")
);
--> statement-breakpoint
ALTER TABLE "patient_day_totals" ADD CONSTRAINT "patient_day_totals_patient_id_users_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
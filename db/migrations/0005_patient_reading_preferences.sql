CREATE TYPE "public"."text_size" AS ENUM('standard', 'large', 'largest');--> statement-breakpoint
ALTER TABLE "patient_profiles" ADD COLUMN "text_size" text_size DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "patient_profiles" ADD COLUMN "high_contrast" boolean DEFAULT false NOT NULL;
-- The resident's language as core's residentLanguage() computes it (my-profile.ts; a test keeps
-- the two equal). IMMUTABLE so that citizens.language can be a generated column.
CREATE OR REPLACE FUNCTION kairan_resident_language(preferred text, line text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN preferred IN ('ja', 'en', 'ko', 'zh-Hans', 'zh-Hant', 'ja-easy') THEN preferred
    WHEN lower(coalesce(line, 'ja')) = 'ja' OR lower(coalesce(line, 'ja')) LIKE 'ja-%' THEN 'ja'
    WHEN lower(line) = 'ko' OR lower(line) LIKE 'ko-%' THEN 'ko'
    WHEN lower(line) IN ('zh-hant', 'zh-tw', 'zh-hk', 'zh-mo') THEN 'zh-Hant'
    WHEN lower(line) = 'zh' OR lower(line) LIKE 'zh-%' THEN 'zh-Hans'
    ELSE 'en'
  END
$$;--> statement-breakpoint
CREATE TYPE "public"."attribute_kind" AS ENUM('single', 'multiple');--> statement-breakpoint
CREATE TYPE "public"."delivery_batch_status" AS ENUM('pending', 'sending', 'sent', 'failed');--> statement-breakpoint
CREATE TYPE "public"."delivery_status" AS ENUM('draft', 'scheduled', 'sending', 'sent', 'partially_failed', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."delivery_target" AS ENUM('all', 'segment', 'test');--> statement-breakpoint
CREATE TABLE "attribute_definitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"kind" "attribute_kind" NOT NULL,
	"label" jsonb NOT NULL,
	"options" jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channel_delivery_settings" (
	"channel_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"profile_form_id" uuid,
	"greeting_enabled" boolean DEFAULT true NOT NULL,
	"greeting_text" jsonb,
	"reminder_enabled" boolean DEFAULT false NOT NULL,
	"reminder_after_days" integer DEFAULT 3 NOT NULL,
	"reminder_text" jsonb,
	"confirm_threshold" integer DEFAULT 1000 NOT NULL,
	"updated_by_staff_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"series_id" uuid,
	"title" text NOT NULL,
	"status" "delivery_status" DEFAULT 'draft' NOT NULL,
	"target" "delivery_target" DEFAULT 'all' NOT NULL,
	"segment_id" uuid,
	"segment_snapshot" jsonb,
	"content" jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"scheduled_at" timestamp with time zone,
	"via" text,
	"aggregation_unit" text,
	"confirmed_recipient_count" integer,
	"recipient_count" integer,
	"freeze_cursor" text,
	"frozen_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancelled_by_staff_user_id" uuid,
	"failure_reason" text,
	"stats" jsonb,
	"stats_fetched_at" timestamp with time zone,
	"created_by_staff_user_id" uuid,
	"updated_by_staff_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_batches" (
	"delivery_id" uuid NOT NULL,
	"batch_no" integer NOT NULL,
	"tenant_id" uuid NOT NULL,
	"language" text NOT NULL,
	"line_user_ids" text[] NOT NULL,
	"citizen_ids" uuid[] NOT NULL,
	"size" integer NOT NULL,
	"status" "delivery_batch_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_until" timestamp with time zone,
	"first_attempt_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"line_request_id" text,
	"http_status" integer,
	"error" text,
	CONSTRAINT "delivery_batches_delivery_id_batch_no_pk" PRIMARY KEY("delivery_id","batch_no")
);
--> statement-breakpoint
CREATE TABLE "delivery_images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"original_key" text NOT NULL,
	"preview_key" text NOT NULL,
	"content_type" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	"uploaded_by_staff_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"title" text NOT NULL,
	"content" jsonb NOT NULL,
	"target" "delivery_target" NOT NULL,
	"segment_id" uuid,
	"rrule" text NOT NULL,
	"excluded_dates" date[] DEFAULT '{}'::date[] NOT NULL,
	"skip_holidays" boolean DEFAULT false NOT NULL,
	"aggregation_unit" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"next_run_at" timestamp with time zone,
	"created_by_staff_user_id" uuid,
	"updated_by_staff_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_stat_samples" (
	"delivery_id" uuid NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"delivered" integer,
	"unique_impression" integer,
	"unique_click" integer,
	CONSTRAINT "delivery_stat_samples_delivery_id_fetched_at_pk" PRIMARY KEY("delivery_id","fetched_at")
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"filter" jsonb NOT NULL,
	"last_count" integer,
	"last_counted_at" timestamp with time zone,
	"created_by_staff_user_id" uuid,
	"updated_by_staff_user_id" uuid,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "citizens" ADD COLUMN "language" text GENERATED ALWAYS AS (kairan_resident_language(preferred_language, line_language)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "citizens" ADD COLUMN "attribute_tokens" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "citizens" ADD COLUMN "profile_reminder_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "attribute_definitions" ADD CONSTRAINT "attribute_definitions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_delivery_settings" ADD CONSTRAINT "channel_delivery_settings_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_delivery_settings" ADD CONSTRAINT "channel_delivery_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_delivery_settings" ADD CONSTRAINT "channel_delivery_settings_profile_form_id_forms_id_fk" FOREIGN KEY ("profile_form_id") REFERENCES "public"."forms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_delivery_settings" ADD CONSTRAINT "channel_delivery_settings_updated_by_staff_user_id_staff_users_id_fk" FOREIGN KEY ("updated_by_staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_series_id_delivery_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."delivery_series"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_cancelled_by_staff_user_id_staff_users_id_fk" FOREIGN KEY ("cancelled_by_staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_created_by_staff_user_id_staff_users_id_fk" FOREIGN KEY ("created_by_staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_updated_by_staff_user_id_staff_users_id_fk" FOREIGN KEY ("updated_by_staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_batches" ADD CONSTRAINT "delivery_batches_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_batches" ADD CONSTRAINT "delivery_batches_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_images" ADD CONSTRAINT "delivery_images_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_images" ADD CONSTRAINT "delivery_images_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_images" ADD CONSTRAINT "delivery_images_uploaded_by_staff_user_id_staff_users_id_fk" FOREIGN KEY ("uploaded_by_staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_series" ADD CONSTRAINT "delivery_series_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_series" ADD CONSTRAINT "delivery_series_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_series" ADD CONSTRAINT "delivery_series_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_series" ADD CONSTRAINT "delivery_series_created_by_staff_user_id_staff_users_id_fk" FOREIGN KEY ("created_by_staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_series" ADD CONSTRAINT "delivery_series_updated_by_staff_user_id_staff_users_id_fk" FOREIGN KEY ("updated_by_staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_stat_samples" ADD CONSTRAINT "delivery_stat_samples_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_created_by_staff_user_id_staff_users_id_fk" FOREIGN KEY ("created_by_staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_updated_by_staff_user_id_staff_users_id_fk" FOREIGN KEY ("updated_by_staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attribute_definitions_tenant_id_key_idx" ON "attribute_definitions" USING btree ("tenant_id","key") WHERE "attribute_definitions"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "deliveries_channel_id_created_at_idx" ON "deliveries" USING btree ("channel_id","created_at");--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("scheduled_at") WHERE "deliveries"."status" = 'scheduled';--> statement-breakpoint
CREATE INDEX "deliveries_sending_idx" ON "deliveries" USING btree ("started_at") WHERE "deliveries"."status" = 'sending';--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_series_id_scheduled_at_idx" ON "deliveries" USING btree ("series_id","scheduled_at") WHERE "deliveries"."series_id" is not null;--> statement-breakpoint
CREATE INDEX "delivery_batches_open_idx" ON "delivery_batches" USING btree ("delivery_id","batch_no") WHERE "delivery_batches"."status" in ('pending', 'sending');--> statement-breakpoint
CREATE INDEX "delivery_series_next_run_at_idx" ON "delivery_series" USING btree ("next_run_at") WHERE "delivery_series"."is_active";--> statement-breakpoint
CREATE INDEX "delivery_series_channel_id_idx" ON "delivery_series" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "segments_channel_id_idx" ON "segments" USING btree ("channel_id");--> statement-breakpoint
-- citizens.attribute_tokens mirrors citizen_attribute_values as `key=value` strings, so a segment
-- filter is array operators over one table. Kept by this trigger whoever writes the values.
CREATE OR REPLACE FUNCTION kairan_refresh_attribute_tokens() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  target uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN target := OLD.citizen_id; ELSE target := NEW.citizen_id; END IF;
  UPDATE citizens SET attribute_tokens = coalesce((
    SELECT array_agg(v.key || '=' || x ORDER BY v.key, x)
    FROM citizen_attribute_values v, unnest(v.values) AS x
    WHERE v.citizen_id = target
  ), '{}'::text[])
  WHERE id = target;
  IF TG_OP = 'UPDATE' AND OLD.citizen_id <> NEW.citizen_id THEN
    UPDATE citizens SET attribute_tokens = coalesce((
      SELECT array_agg(v.key || '=' || x ORDER BY v.key, x)
      FROM citizen_attribute_values v, unnest(v.values) AS x
      WHERE v.citizen_id = OLD.citizen_id
    ), '{}'::text[])
    WHERE id = OLD.citizen_id;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER citizen_attribute_values_tokens
AFTER INSERT OR UPDATE OR DELETE ON citizen_attribute_values
FOR EACH ROW EXECUTE FUNCTION kairan_refresh_attribute_tokens();--> statement-breakpoint
UPDATE citizens c SET attribute_tokens = t.tokens FROM (
  SELECT v.citizen_id, array_agg(v.key || '=' || x ORDER BY v.key, x) AS tokens
  FROM citizen_attribute_values v, unnest(v.values) AS x
  GROUP BY v.citizen_id
) t WHERE t.citizen_id = c.id;

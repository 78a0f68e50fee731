CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TYPE "public"."citizen_status" AS ENUM('following', 'blocked', 'not_following');--> statement-breakpoint
CREATE TYPE "public"."message_direction" AS ENUM('in', 'out');--> statement-breakpoint
CREATE TABLE "channel_test_devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"label" text NOT NULL,
	"added_by_staff_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "citizen_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "citizens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"line_user_id" text NOT NULL,
	"status" "citizen_status" NOT NULL,
	"display_name" text,
	"picture_url" text,
	"line_language" text,
	"preferred_language" text,
	"first_followed_at" timestamp with time zone,
	"followed_at" timestamp with time zone,
	"blocked_at" timestamp with time zone,
	"profile_refreshed_at" timestamp with time zone,
	"last_message_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"direction" "message_direction" NOT NULL,
	"kind" text NOT NULL,
	"content_enc" text NOT NULL,
	"line_message_id" text,
	"webhook_event_id" text,
	"via" text,
	"sent_by_staff_user_id" uuid,
	"sent_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"webhook_event_id" text NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"is_redelivery" boolean DEFAULT false NOT NULL,
	"payload_enc" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"handled_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "socket_io_attachments" (
	"id" bigserial NOT NULL,
	"created_at" timestamp with time zone DEFAULT now(),
	"payload" "bytea",
	CONSTRAINT "socket_io_attachments_id_unique" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "line_channel_id" text;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "bot_user_id" text;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "channel_secret_enc" text;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "access_token_enc" text;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "liff_id" text;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "login_channel_id" text;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "api_base_url" text;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "credentials_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "channel_test_devices" ADD CONSTRAINT "channel_test_devices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_test_devices" ADD CONSTRAINT "channel_test_devices_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_test_devices" ADD CONSTRAINT "channel_test_devices_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_test_devices" ADD CONSTRAINT "channel_test_devices_added_by_staff_user_id_staff_users_id_fk" FOREIGN KEY ("added_by_staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_sessions" ADD CONSTRAINT "citizen_sessions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_sessions" ADD CONSTRAINT "citizen_sessions_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_sessions" ADD CONSTRAINT "citizen_sessions_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizens" ADD CONSTRAINT "citizens_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizens" ADD CONSTRAINT "citizens_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_messages" ADD CONSTRAINT "conversation_messages_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_messages" ADD CONSTRAINT "conversation_messages_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_messages" ADD CONSTRAINT "conversation_messages_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_messages" ADD CONSTRAINT "conversation_messages_sent_by_staff_user_id_staff_users_id_fk" FOREIGN KEY ("sent_by_staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_test_devices_citizen_id_idx" ON "channel_test_devices" USING btree ("citizen_id");--> statement-breakpoint
CREATE INDEX "channel_test_devices_channel_id_idx" ON "channel_test_devices" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "citizen_sessions_expires_at_idx" ON "citizen_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "citizens_channel_id_line_user_id_idx" ON "citizens" USING btree ("channel_id","line_user_id");--> statement-breakpoint
CREATE INDEX "citizens_channel_id_followed_at_idx" ON "citizens" USING btree ("channel_id","followed_at");--> statement-breakpoint
CREATE INDEX "citizens_channel_id_status_idx" ON "citizens" USING btree ("channel_id","status");--> statement-breakpoint
CREATE INDEX "citizens_display_name_trgm_idx" ON "citizens" USING gin ("display_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "conversation_messages_citizen_id_sent_at_idx" ON "conversation_messages" USING btree ("citizen_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_messages_channel_id_webhook_event_id_idx" ON "conversation_messages" USING btree ("channel_id","webhook_event_id") WHERE "conversation_messages"."webhook_event_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_events_channel_id_webhook_event_id_idx" ON "webhook_events" USING btree ("channel_id","webhook_event_id");--> statement-breakpoint
CREATE INDEX "webhook_events_pending_idx" ON "webhook_events" USING btree ("received_at") WHERE "webhook_events"."handled_at" is null;--> statement-breakpoint
CREATE INDEX "webhook_events_handled_at_idx" ON "webhook_events" USING btree ("handled_at");
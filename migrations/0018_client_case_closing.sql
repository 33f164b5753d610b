ALTER TABLE "clients" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "clients_closed_idx" ON "clients" USING btree ("closed_at");
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795597674486 implements MigrationInterface {
  name = 'Foundation1795597674486';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Substring search (?search=) over Bengali and English text uses trigram GIN indexes.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
            CREATE TABLE "city_corporations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(150) NOT NULL,
                "name_bn" character varying(150) NOT NULL,
                "code" character varying(20) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_city_corporations_code" UNIQUE ("code"),
                CONSTRAINT "PK_3943d98621de66eded0d4b6ca94" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "zones" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "city_corporation_id" uuid NOT NULL,
                "number" integer NOT NULL,
                "name" character varying(150) NOT NULL,
                "name_bn" character varying(150) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_zones_city_number" UNIQUE ("city_corporation_id", "number"),
                CONSTRAINT "PK_880484a43ca311707b05895bd4a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_zones_city_corporation" ON "zones" ("city_corporation_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "wards" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "zone_id" uuid NOT NULL,
                "city_corporation_id" uuid NOT NULL,
                "number" integer NOT NULL,
                "name" character varying(150) NOT NULL,
                "name_bn" character varying(150) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_wards_city_number" UNIQUE ("city_corporation_id", "number"),
                CONSTRAINT "PK_f67afa72e02ac056570c0dde279" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_wards_zone" ON "wards" ("zone_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_wards_city_corporation" ON "wards" ("city_corporation_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "phone" character varying(50) NOT NULL,
                "name" character varying(100) NOT NULL,
                "email" character varying(254),
                "password_hash" character varying(255) NOT NULL,
                "role" character varying(20) NOT NULL DEFAULT 'citizen',
                "is_active" boolean NOT NULL DEFAULT true,
                "is_verified" boolean NOT NULL DEFAULT false,
                "address" character varying(255),
                "ward_id" uuid,
                "avatar_key" character varying(200),
                "language" character varying(2) NOT NULL DEFAULT 'bn',
                "token_version" integer NOT NULL DEFAULT '0',
                "deactivated_at" TIMESTAMP WITH TIME ZONE,
                "last_login_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_users_email" UNIQUE ("email"),
                CONSTRAINT "uq_users_phone" UNIQUE ("phone"),
                CONSTRAINT "ck_users_role" CHECK ("role" IN ('citizen', 'staff', 'admin')),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_users_ward" ON "users" ("ward_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_users_created_at" ON "users" ("created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_users_is_active" ON "users" ("is_active")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_users_role" ON "users" ("role")
        `);
    await queryRunner.query(`
            CREATE TABLE "auth_sessions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "ip" character varying(64),
                "user_agent" character varying(255),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "last_refreshed_at" TIMESTAMP WITH TIME ZONE,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "revoked_reason" character varying(40),
                CONSTRAINT "PK_641507381f32580e8479efc36cd" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_auth_sessions_revoked_at" ON "auth_sessions" ("revoked_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_auth_sessions_user" ON "auth_sessions" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "otp_codes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "phone" character varying(20) NOT NULL,
                "purpose" character varying(10) NOT NULL,
                "code_hash" character varying(64) NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "attempts" integer NOT NULL DEFAULT '0',
                "consumed_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_otp_codes_purpose" CHECK ("purpose" IN ('verify', 'reset')),
                CONSTRAINT "PK_9d0487965ac1837d57fec4d6a26" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_otp_codes_phone_purpose" ON "otp_codes" ("phone", "purpose", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "auth_refresh_tokens" (
                "id" uuid NOT NULL,
                "session_id" uuid NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_df6893d2063a4ea7bbf1eda31e5" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_auth_refresh_tokens_session" ON "auth_refresh_tokens" ("session_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "notifications" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "category" character varying(20) NOT NULL,
                "title" character varying(200) NOT NULL,
                "body" text NOT NULL,
                "data" jsonb NOT NULL DEFAULT '{}',
                "read_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_notifications_user_unread" ON "notifications" ("user_id")
            WHERE "read_at" IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_notifications_user_created" ON "notifications" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "outbox_jobs" (
                "id" uuid NOT NULL,
                "queue" character varying(50) NOT NULL,
                "name" character varying(100) NOT NULL,
                "data" jsonb NOT NULL,
                "job_id" character varying(200),
                "opts" jsonb,
                "run_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_eca0e49b45a0974cb16b7d2e498" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_outbox_jobs_created_at" ON "outbox_jobs" ("created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "user_devices" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "token" character varying(512) NOT NULL,
                "platform" character varying(10) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_user_devices_token" UNIQUE ("token"),
                CONSTRAINT "ck_user_devices_platform" CHECK ("platform" IN ('android', 'ios', 'web')),
                CONSTRAINT "PK_c9e7e648903a9e537347aba4371" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_user_devices_user" ON "user_devices" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "staff_wards" (
                "user_id" uuid NOT NULL,
                "ward_id" uuid NOT NULL,
                CONSTRAINT "PK_0e030213628a54a516042e09f70" PRIMARY KEY ("user_id", "ward_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_7c710629299b8d8b8e9b298a25" ON "staff_wards" ("user_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_9b1c016163ab13092adfd81d38" ON "staff_wards" ("ward_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "zones"
            ADD CONSTRAINT "FK_ca11e9c27d551489a252d646ca6" FOREIGN KEY ("city_corporation_id") REFERENCES "city_corporations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "wards"
            ADD CONSTRAINT "FK_e2890206c1d86fb56571354deb0" FOREIGN KEY ("zone_id") REFERENCES "zones"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "wards"
            ADD CONSTRAINT "FK_69a44000511ff2d3925538c0e82" FOREIGN KEY ("city_corporation_id") REFERENCES "city_corporations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "FK_0aa35ab13580b27c0820f086c97" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "auth_sessions"
            ADD CONSTRAINT "FK_50ccaa6440288a06f0ba693ccc6" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "auth_refresh_tokens"
            ADD CONSTRAINT "FK_61b00011da0ac93bf960edcfc5b" FOREIGN KEY ("session_id") REFERENCES "auth_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "FK_9a8a82462cab47c73d25f49261f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "user_devices"
            ADD CONSTRAINT "FK_28bd79e1b3f7c1168f0904ce241" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "staff_wards"
            ADD CONSTRAINT "FK_7c710629299b8d8b8e9b298a25a" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "staff_wards"
            ADD CONSTRAINT "FK_9b1c016163ab13092adfd81d38d" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`CREATE INDEX "idx_users_name_trgm" ON "users" USING gin ("name" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "idx_users_phone_trgm" ON "users" USING gin ("phone" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "idx_users_email_trgm" ON "users" USING gin ("email" gin_trgm_ops)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_users_email_trgm"`);
    await queryRunner.query(`DROP INDEX "idx_users_phone_trgm"`);
    await queryRunner.query(`DROP INDEX "idx_users_name_trgm"`);
    await queryRunner.query(`
            ALTER TABLE "staff_wards" DROP CONSTRAINT "FK_9b1c016163ab13092adfd81d38d"
        `);
    await queryRunner.query(`
            ALTER TABLE "staff_wards" DROP CONSTRAINT "FK_7c710629299b8d8b8e9b298a25a"
        `);
    await queryRunner.query(`
            ALTER TABLE "user_devices" DROP CONSTRAINT "FK_28bd79e1b3f7c1168f0904ce241"
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications" DROP CONSTRAINT "FK_9a8a82462cab47c73d25f49261f"
        `);
    await queryRunner.query(`
            ALTER TABLE "auth_refresh_tokens" DROP CONSTRAINT "FK_61b00011da0ac93bf960edcfc5b"
        `);
    await queryRunner.query(`
            ALTER TABLE "auth_sessions" DROP CONSTRAINT "FK_50ccaa6440288a06f0ba693ccc6"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "FK_0aa35ab13580b27c0820f086c97"
        `);
    await queryRunner.query(`
            ALTER TABLE "wards" DROP CONSTRAINT "FK_69a44000511ff2d3925538c0e82"
        `);
    await queryRunner.query(`
            ALTER TABLE "wards" DROP CONSTRAINT "FK_e2890206c1d86fb56571354deb0"
        `);
    await queryRunner.query(`
            ALTER TABLE "zones" DROP CONSTRAINT "FK_ca11e9c27d551489a252d646ca6"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_9b1c016163ab13092adfd81d38"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7c710629299b8d8b8e9b298a25"
        `);
    await queryRunner.query(`
            DROP TABLE "staff_wards"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_user_devices_user"
        `);
    await queryRunner.query(`
            DROP TABLE "user_devices"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_outbox_jobs_created_at"
        `);
    await queryRunner.query(`
            DROP TABLE "outbox_jobs"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_notifications_user_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_notifications_user_unread"
        `);
    await queryRunner.query(`
            DROP TABLE "notifications"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_auth_refresh_tokens_session"
        `);
    await queryRunner.query(`
            DROP TABLE "auth_refresh_tokens"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_otp_codes_phone_purpose"
        `);
    await queryRunner.query(`
            DROP TABLE "otp_codes"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_auth_sessions_user"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_auth_sessions_revoked_at"
        `);
    await queryRunner.query(`
            DROP TABLE "auth_sessions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_users_role"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_users_is_active"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_users_created_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_users_ward"
        `);
    await queryRunner.query(`
            DROP TABLE "users"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_wards_city_corporation"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_wards_zone"
        `);
    await queryRunner.query(`
            DROP TABLE "wards"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_zones_city_corporation"
        `);
    await queryRunner.query(`
            DROP TABLE "zones"
        `);
    await queryRunner.query(`
            DROP TABLE "city_corporations"
        `);
  }
}

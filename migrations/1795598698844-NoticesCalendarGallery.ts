import { MigrationInterface, QueryRunner } from 'typeorm';

export class NoticesCalendarGallery1795598698844 implements MigrationInterface {
  name = 'NoticesCalendarGallery1795598698844';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "calendar_events" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "title" character varying(200) NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "event_type" character varying(20) NOT NULL,
                "start_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "end_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "all_day" boolean NOT NULL DEFAULT false,
                "location" character varying(255) NOT NULL DEFAULT '',
                "latitude" numeric(9, 6),
                "longitude" numeric(9, 6),
                "ward_id" uuid,
                "created_by_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_calendar_events_longitude" CHECK (
                    "longitude" IS NULL
                    OR "longitude" BETWEEN -180 AND 180
                ),
                CONSTRAINT "ck_calendar_events_latitude" CHECK (
                    "latitude" IS NULL
                    OR "latitude" BETWEEN -90 AND 90
                ),
                CONSTRAINT "ck_calendar_events_coordinates" CHECK (("latitude" IS NULL) = ("longitude" IS NULL)),
                CONSTRAINT "ck_calendar_events_end_after_start" CHECK ("end_at" >= "start_at"),
                CONSTRAINT "ck_calendar_events_event_type" CHECK (
                    "event_type" IN (
                        'holiday',
                        'maintenance_day',
                        'collection_day',
                        'special_event'
                    )
                ),
                CONSTRAINT "PK_faf5391d232322a87cdd1c6f30c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_calendar_events_created_by" ON "calendar_events" ("created_by_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_calendar_events_event_type_start_at" ON "calendar_events" ("event_type", "start_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_calendar_events_ward_start_at" ON "calendar_events" ("ward_id", "start_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_calendar_events_end_at" ON "calendar_events" ("end_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_calendar_events_start_at" ON "calendar_events" ("start_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "gallery_photos" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "title" character varying(200) NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "category" character varying(30) NOT NULL,
                "image_key" character varying(200) NOT NULL,
                "thumbnail_key" character varying(200),
                "content_type" character varying(50) NOT NULL,
                "width" integer NOT NULL,
                "height" integer NOT NULL,
                "size_bytes" integer NOT NULL,
                "view_count" integer NOT NULL DEFAULT '0',
                "uploaded_by_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_gallery_photos_view_count" CHECK ("view_count" >= 0),
                CONSTRAINT "ck_gallery_photos_category" CHECK (
                    "category" IN (
                        'events',
                        'cleanliness',
                        'development',
                        'environment',
                        'awareness',
                        'other'
                    )
                ),
                CONSTRAINT "PK_1eafc909ffac8de65a50960e440" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_gallery_photos_uploaded_by" ON "gallery_photos" ("uploaded_by_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_gallery_photos_category_created_at" ON "gallery_photos" ("category", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_gallery_photos_created_at" ON "gallery_photos" ("created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "notices" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "title" character varying(200) NOT NULL,
                "content" text NOT NULL,
                "category" character varying(30) NOT NULL,
                "priority" character varying(10) NOT NULL DEFAULT 'normal',
                "all_wards" boolean NOT NULL DEFAULT true,
                "published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE,
                "attachment_key" character varying(200),
                "attachment_type" character varying(10),
                "attachment_name" character varying(200),
                "created_by_id" uuid,
                "pushed_at" TIMESTAMP WITH TIME ZONE,
                "push_cursor" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_notices_expires_after_published" CHECK (
                    "expires_at" IS NULL
                    OR "expires_at" > "published_at"
                ),
                CONSTRAINT "ck_notices_attachment_type" CHECK (
                    "attachment_type" IS NULL
                    OR "attachment_type" IN ('image', 'pdf')
                ),
                CONSTRAINT "ck_notices_category" CHECK (
                    "category" IN (
                        'general',
                        'cleanliness',
                        'waste_collection',
                        'water_supply',
                        'roads',
                        'electricity',
                        'health',
                        'tax_fees',
                        'event',
                        'emergency'
                    )
                ),
                CONSTRAINT "ck_notices_priority" CHECK (
                    "priority" IN ('low', 'normal', 'high', 'urgent')
                ),
                CONSTRAINT "PK_3eb18c29da25d6935fcbe584237" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_notices_created_by" ON "notices" ("created_by_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_notices_priority_published_at" ON "notices" ("priority", "published_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_notices_category_published_at" ON "notices" ("category", "published_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_notices_expires_at" ON "notices" ("expires_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_notices_published_at" ON "notices" ("published_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "notice_views" (
                "notice_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "viewed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_98e79229f6709fab8fe55eb75be" PRIMARY KEY ("notice_id", "user_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_notice_views_user" ON "notice_views" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "notice_wards" (
                "notice_id" uuid NOT NULL,
                "ward_id" uuid NOT NULL,
                CONSTRAINT "PK_f6e0001fa97edc83e8f4c3a7ccb" PRIMARY KEY ("notice_id", "ward_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_notice_wards_ward" ON "notice_wards" ("ward_id", "notice_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_events"
            ADD CONSTRAINT "FK_626697b6b2efe05f113bf88936b" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_events"
            ADD CONSTRAINT "FK_f8217d6cb7344062d4a96a4d9bf" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "gallery_photos"
            ADD CONSTRAINT "FK_eb7372ce81464f250bde9d39059" FOREIGN KEY ("uploaded_by_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notices"
            ADD CONSTRAINT "FK_1e29bece74053c85f39aace0989" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notice_views"
            ADD CONSTRAINT "FK_53485cbd6da58d86b064a363d4a" FOREIGN KEY ("notice_id") REFERENCES "notices"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notice_views"
            ADD CONSTRAINT "FK_f49524d28aa21ebb43c979c64fb" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notice_wards"
            ADD CONSTRAINT "FK_f5b04c17b7df02a96385dfb2ffd" FOREIGN KEY ("notice_id") REFERENCES "notices"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notice_wards"
            ADD CONSTRAINT "FK_27a037623d85b29026af31647b4" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    // Substring search (?search=) over Bengali and English text: trigram GIN indexes (pg_trgm is created by Foundation).
    await queryRunner.query(`CREATE INDEX "idx_notices_title_trgm" ON "notices" USING gin ("title" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "idx_notices_content_trgm" ON "notices" USING gin ("content" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "idx_gallery_photos_title_trgm" ON "gallery_photos" USING gin ("title" gin_trgm_ops)`);
    await queryRunner.query(
      `CREATE INDEX "idx_gallery_photos_description_trgm" ON "gallery_photos" USING gin ("description" gin_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_gallery_photos_description_trgm"`);
    await queryRunner.query(`DROP INDEX "idx_gallery_photos_title_trgm"`);
    await queryRunner.query(`DROP INDEX "idx_notices_content_trgm"`);
    await queryRunner.query(`DROP INDEX "idx_notices_title_trgm"`);
    await queryRunner.query(`
            ALTER TABLE "notice_wards" DROP CONSTRAINT "FK_27a037623d85b29026af31647b4"
        `);
    await queryRunner.query(`
            ALTER TABLE "notice_wards" DROP CONSTRAINT "FK_f5b04c17b7df02a96385dfb2ffd"
        `);
    await queryRunner.query(`
            ALTER TABLE "notice_views" DROP CONSTRAINT "FK_f49524d28aa21ebb43c979c64fb"
        `);
    await queryRunner.query(`
            ALTER TABLE "notice_views" DROP CONSTRAINT "FK_53485cbd6da58d86b064a363d4a"
        `);
    await queryRunner.query(`
            ALTER TABLE "notices" DROP CONSTRAINT "FK_1e29bece74053c85f39aace0989"
        `);
    await queryRunner.query(`
            ALTER TABLE "gallery_photos" DROP CONSTRAINT "FK_eb7372ce81464f250bde9d39059"
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_events" DROP CONSTRAINT "FK_f8217d6cb7344062d4a96a4d9bf"
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_events" DROP CONSTRAINT "FK_626697b6b2efe05f113bf88936b"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_notice_wards_ward"
        `);
    await queryRunner.query(`
            DROP TABLE "notice_wards"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_notice_views_user"
        `);
    await queryRunner.query(`
            DROP TABLE "notice_views"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_notices_published_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_notices_expires_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_notices_category_published_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_notices_priority_published_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_notices_created_by"
        `);
    await queryRunner.query(`
            DROP TABLE "notices"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_gallery_photos_created_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_gallery_photos_category_created_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_gallery_photos_uploaded_by"
        `);
    await queryRunner.query(`
            DROP TABLE "gallery_photos"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_calendar_events_start_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_calendar_events_end_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_calendar_events_ward_start_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_calendar_events_event_type_start_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_calendar_events_created_by"
        `);
    await queryRunner.query(`
            DROP TABLE "calendar_events"
        `);
  }
}

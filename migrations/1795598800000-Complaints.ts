import { MigrationInterface, QueryRunner } from 'typeorm';

export class Complaints1795598800000 implements MigrationInterface {
  name = 'Complaints1795598800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "complaints" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tracking_number" character varying(20) NOT NULL,
                "user_id" uuid NOT NULL,
                "title" character varying(200) NOT NULL,
                "description" text NOT NULL,
                "category" character varying(50) NOT NULL,
                "priority" character varying(20) NOT NULL,
                "status" character varying(30) NOT NULL DEFAULT 'জমা দেওয়া হয়েছে',
                "location" character varying(255) NOT NULL,
                "ward_id" uuid,
                "latitude" numeric(9, 6),
                "longitude" numeric(9, 6),
                "assigned_to_id" uuid,
                "resolved_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_complaints_tracking_number" UNIQUE ("tracking_number"),
                CONSTRAINT "ck_complaints_longitude" CHECK (
                    "longitude" BETWEEN -180 AND 180
                ),
                CONSTRAINT "ck_complaints_latitude" CHECK (
                    "latitude" BETWEEN -90 AND 90
                ),
                CONSTRAINT "ck_complaints_status" CHECK (
                    "status" IN (
                        'জমা দেওয়া হয়েছে',
                        'প্রক্রিয়াধীন',
                        'সমাধান হয়েছে',
                        'বাতিল'
                    )
                ),
                CONSTRAINT "ck_complaints_priority" CHECK ("priority" IN ('উচ্চ', 'মধ্যম', 'নিম্ন')),
                CONSTRAINT "ck_complaints_category" CHECK (
                    "category" IN (
                        'পরিচ্ছন্নতা',
                        'বর্জ্য ব্যবস্থাপনা',
                        'পানি সরবরাহ',
                        'রাস্তাঘাট',
                        'বিদ্যুৎ',
                        'অন্যান্য'
                    )
                ),
                CONSTRAINT "PK_4b7566a2a489c2cc7c12ed076ad" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_assigned_created" ON "complaints" ("assigned_to_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_updated_at" ON "complaints" ("updated_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_created_at" ON "complaints" ("created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_priority_created" ON "complaints" ("priority", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_category_created" ON "complaints" ("category", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_status_created" ON "complaints" ("status", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_ward_status_created" ON "complaints" ("ward_id", "status", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_ward_created" ON "complaints" ("ward_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_user_created" ON "complaints" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "complaint_attachments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "complaint_id" uuid NOT NULL,
                "file_key" character varying(255) NOT NULL,
                "file_type" character varying(20) NOT NULL,
                "content_type" character varying(100) NOT NULL,
                "size" integer NOT NULL,
                "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_complaint_attachments_file_type" CHECK (
                    "file_type" IN ('image', 'video', 'audio', 'pdf')
                ),
                CONSTRAINT "PK_7ec95c3841ee14767fa956749f0" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaint_attachments_complaint" ON "complaint_attachments" ("complaint_id", "uploaded_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "complaint_daily_counters" (
                "day" date NOT NULL,
                "last" integer NOT NULL,
                CONSTRAINT "PK_929a86a414181e018d23cb149ea" PRIMARY KEY ("day")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "complaint_reviews" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "complaint_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "rating" smallint NOT NULL,
                "comment" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_complaint_reviews_complaint" UNIQUE ("complaint_id"),
                CONSTRAINT "ck_complaint_reviews_rating" CHECK (
                    "rating" BETWEEN 1 AND 5
                ),
                CONSTRAINT "PK_399a3bfc1ef70f413090661c911" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaint_reviews_user" ON "complaint_reviews" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "complaint_status_changes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "complaint_id" uuid NOT NULL,
                "from_status" character varying(30),
                "to_status" character varying(30) NOT NULL,
                "changed_by_id" uuid,
                "note" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_65ad8d393e5ddd71e44d81940aa" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaint_status_changes_changed_by" ON "complaint_status_changes" ("changed_by_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaint_status_changes_complaint" ON "complaint_status_changes" ("complaint_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD CONSTRAINT "FK_250ea1d40f7a564243d77705e09" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD CONSTRAINT "FK_daf6d289531453681cf6e7f70d9" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD CONSTRAINT "FK_a57124a8667f1734ed7a9e05abd" FOREIGN KEY ("assigned_to_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_attachments"
            ADD CONSTRAINT "FK_399054cdf88612ae7190f7307c4" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_reviews"
            ADD CONSTRAINT "FK_b5f14d7145b4c5e6439de433b17" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_reviews"
            ADD CONSTRAINT "FK_46034f2fdf628db8c9339044a98" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_status_changes"
            ADD CONSTRAINT "FK_4b555de1cb4e0ff266ed585b94c" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_status_changes"
            ADD CONSTRAINT "FK_4cff5f6c1f779cdded9ea0a6529" FOREIGN KEY ("changed_by_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    // ?search= over title and description: trigram GIN indexes serve ILIKE '%…%' for Bengali and English text.
    await queryRunner.query(`CREATE INDEX "idx_complaints_title_trgm" ON "complaints" USING gin ("title" gin_trgm_ops)`);
    await queryRunner.query(
      `CREATE INDEX "idx_complaints_description_trgm" ON "complaints" USING gin ("description" gin_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_complaints_description_trgm"`);
    await queryRunner.query(`DROP INDEX "idx_complaints_title_trgm"`);
    await queryRunner.query(`
            ALTER TABLE "complaint_status_changes" DROP CONSTRAINT "FK_4cff5f6c1f779cdded9ea0a6529"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_status_changes" DROP CONSTRAINT "FK_4b555de1cb4e0ff266ed585b94c"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_reviews" DROP CONSTRAINT "FK_46034f2fdf628db8c9339044a98"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_reviews" DROP CONSTRAINT "FK_b5f14d7145b4c5e6439de433b17"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_attachments" DROP CONSTRAINT "FK_399054cdf88612ae7190f7307c4"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP CONSTRAINT "FK_a57124a8667f1734ed7a9e05abd"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP CONSTRAINT "FK_daf6d289531453681cf6e7f70d9"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP CONSTRAINT "FK_250ea1d40f7a564243d77705e09"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaint_status_changes_complaint"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaint_status_changes_changed_by"
        `);
    await queryRunner.query(`
            DROP TABLE "complaint_status_changes"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaint_reviews_user"
        `);
    await queryRunner.query(`
            DROP TABLE "complaint_reviews"
        `);
    await queryRunner.query(`
            DROP TABLE "complaint_daily_counters"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaint_attachments_complaint"
        `);
    await queryRunner.query(`
            DROP TABLE "complaint_attachments"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_user_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_ward_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_ward_status_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_status_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_category_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_priority_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_created_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_updated_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_assigned_created"
        `);
    await queryRunner.query(`
            DROP TABLE "complaints"
        `);
  }
}

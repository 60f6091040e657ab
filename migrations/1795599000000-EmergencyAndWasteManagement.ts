import { MigrationInterface, QueryRunner } from 'typeorm';

export class EmergencyAndWasteManagement1795599000000 implements MigrationInterface {
  name = 'EmergencyAndWasteManagement1795599000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "emergency_contacts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "contact_type" character varying(30) NOT NULL,
                "name" character varying(150) NOT NULL,
                "phone" character varying(20) NOT NULL,
                "description" character varying(500),
                "ward_id" uuid,
                "sort_order" integer NOT NULL DEFAULT '100',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_emergency_contacts_type" CHECK (
                    "contact_type" IN (
                        'emergency',
                        'police',
                        'fire',
                        'ambulance',
                        'hospital',
                        'health',
                        'disaster',
                        'women_child',
                        'information',
                        'city_corporation',
                        'other'
                    )
                ),
                CONSTRAINT "PK_8be191845b6fca1c4e5ba5bd7d1" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_emergency_contacts_ward" ON "emergency_contacts" ("ward_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_emergency_contacts_type" ON "emergency_contacts" ("contact_type")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_emergency_contacts_order" ON "emergency_contacts" ("sort_order", "name")
        `);
    await queryRunner.query(`
            CREATE TABLE "emergency_requests" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "emergency_type" character varying(30) NOT NULL,
                "priority" character varying(20) NOT NULL DEFAULT 'উচ্চ',
                "status" character varying(30) NOT NULL DEFAULT 'জমা দেওয়া হয়েছে',
                "description" text NOT NULL,
                "location" character varying(255) NOT NULL,
                "latitude" double precision,
                "longitude" double precision,
                "ward_id" uuid,
                "assigned_to_id" uuid,
                "accepted_at" TIMESTAMP WITH TIME ZONE,
                "responded_at" TIMESTAMP WITH TIME ZONE,
                "escalated_at" TIMESTAMP WITH TIME ZONE,
                "cancelled_at" TIMESTAMP WITH TIME ZONE,
                "resolution_note" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_emergency_requests_coordinates" CHECK (("latitude" IS NULL) = ("longitude" IS NULL)),
                CONSTRAINT "ck_emergency_requests_priority" CHECK ("priority" = 'উচ্চ'),
                CONSTRAINT "ck_emergency_requests_status" CHECK (
                    "status" IN (
                        'জমা দেওয়া হয়েছে',
                        'প্রক্রিয়াধীন',
                        'সমাধান হয়েছে',
                        'বাতিল'
                    )
                ),
                CONSTRAINT "ck_emergency_requests_type" CHECK (
                    "emergency_type" IN (
                        'অগ্নিকাণ্ড',
                        'চিকিৎসা জরুরি',
                        'পুলিশ',
                        'প্রাকৃতিক দুর্যোগ',
                        'অন্যান্য'
                    )
                ),
                CONSTRAINT "PK_6182aadcd07287d0b7564676c37" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_emergency_requests_assigned_to" ON "emergency_requests" ("assigned_to_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_emergency_requests_type_created" ON "emergency_requests" ("emergency_type", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_emergency_requests_status_created" ON "emergency_requests" ("status", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_emergency_requests_ward_created" ON "emergency_requests" ("ward_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_emergency_requests_user_created" ON "emergency_requests" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_emergency_requests_created" ON "emergency_requests" ("created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "notification_fanouts" (
                "key" character varying(200) NOT NULL,
                "last_recipient_id" uuid,
                "sent" integer NOT NULL DEFAULT '0',
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ac84e15d9389a94c264ae85a700" PRIMARY KEY ("key")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "waste_collection_points" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(150) NOT NULL,
                "address" character varying(255) NOT NULL,
                "ward_id" uuid NOT NULL,
                "latitude" double precision NOT NULL,
                "longitude" double precision NOT NULL,
                "waste_types" character varying(30) array NOT NULL,
                "is_active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_waste_points_types" CHECK (
                    cardinality("waste_types") > 0
                    AND "waste_types" <@ ARRAY ['household', 'organic', 'recyclable', 'hazardous', 'medical', 'electronic', 'construction', 'bulky']::varchar []
                ),
                CONSTRAINT "PK_4a9badc7ce4951c6e234d4aef95" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_waste_points_active_name" ON "waste_collection_points" ("is_active", "name")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_waste_points_ward_name" ON "waste_collection_points" ("ward_id", "name")
        `);
    await queryRunner.query(`
            CREATE TABLE "waste_pickup_requests" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "waste_type" character varying(30) NOT NULL,
                "address" character varying(255) NOT NULL,
                "ward_id" uuid NOT NULL,
                "preferred_date" date NOT NULL,
                "scheduled_date" date,
                "notes" text,
                "status" character varying(20) NOT NULL DEFAULT 'pending',
                "assigned_to_id" uuid,
                "staff_note" text,
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "cancelled_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_waste_pickups_status" CHECK (
                    "status" IN ('pending', 'scheduled', 'completed', 'cancelled')
                ),
                CONSTRAINT "ck_waste_pickups_type" CHECK (
                    "waste_type" IN (
                        'household',
                        'organic',
                        'recyclable',
                        'hazardous',
                        'medical',
                        'electronic',
                        'construction',
                        'bulky'
                    )
                ),
                CONSTRAINT "PK_1e057ad2cbe4ae08f462687ca72" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_waste_pickups_preferred_date" ON "waste_pickup_requests" ("preferred_date")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_waste_pickups_assignee_status" ON "waste_pickup_requests" ("assigned_to_id", "status")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_waste_pickups_type_created" ON "waste_pickup_requests" ("waste_type", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_waste_pickups_status_created" ON "waste_pickup_requests" ("status", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_waste_pickups_ward_created" ON "waste_pickup_requests" ("ward_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_waste_pickups_user_created" ON "waste_pickup_requests" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_waste_pickups_created" ON "waste_pickup_requests" ("created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "waste_guidelines" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "title" character varying(200) NOT NULL,
                "content" text NOT NULL,
                "category" character varying(30) NOT NULL,
                "image_key" character varying(200),
                "is_published" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_waste_guidelines_category" CHECK (
                    "category" IN (
                        'segregation',
                        'recycling',
                        'composting',
                        'hazardous',
                        'reduction',
                        'other'
                    )
                ),
                CONSTRAINT "PK_d0db93ac83667d7a8adf6f10737" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_waste_guidelines_created" ON "waste_guidelines" ("created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_waste_guidelines_category_created" ON "waste_guidelines" ("category", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_waste_guidelines_published_created" ON "waste_guidelines" ("is_published", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "waste_collection_schedules" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "ward_id" uuid NOT NULL,
                "waste_types" character varying(30) array NOT NULL,
                "weekdays" smallint array NOT NULL,
                "start_time" TIME NOT NULL,
                "end_time" TIME NOT NULL,
                "notes" text,
                "is_active" boolean NOT NULL DEFAULT true,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_waste_schedules_window" CHECK ("end_time" > "start_time"),
                CONSTRAINT "ck_waste_schedules_weekdays" CHECK (
                    cardinality("weekdays") > 0
                    AND "weekdays" <@ ARRAY [0, 1, 2, 3, 4, 5, 6]::smallint []
                ),
                CONSTRAINT "ck_waste_schedules_types" CHECK (
                    cardinality("waste_types") > 0
                    AND "waste_types" <@ ARRAY ['household', 'organic', 'recyclable', 'hazardous', 'medical', 'electronic', 'construction', 'bulky']::varchar []
                ),
                CONSTRAINT "PK_70a2128b4057f651f47c838b597" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_waste_schedules_active_start" ON "waste_collection_schedules" ("is_active", "start_time")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_waste_schedules_ward_start" ON "waste_collection_schedules" ("ward_id", "start_time")
        `);
    await queryRunner.query(`
            ALTER TABLE "emergency_contacts"
            ADD CONSTRAINT "FK_6585cfc0af9d334376fc19993fb" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "emergency_requests"
            ADD CONSTRAINT "FK_9d104791e261b5a2b655eea3f95" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "emergency_requests"
            ADD CONSTRAINT "FK_0ddc4af4723b826c000e67120a8" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "emergency_requests"
            ADD CONSTRAINT "FK_69967f9f73a9de3ee271a603663" FOREIGN KEY ("assigned_to_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "waste_collection_points"
            ADD CONSTRAINT "FK_9b24e876c969ff1ddf9fcd5ea63" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "waste_pickup_requests"
            ADD CONSTRAINT "FK_f047d0914d18613da8c60620276" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "waste_pickup_requests"
            ADD CONSTRAINT "FK_c677ade62ae1e3e800288e6575f" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "waste_pickup_requests"
            ADD CONSTRAINT "FK_bd774de9e2b333f515f89804008" FOREIGN KEY ("assigned_to_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "waste_collection_schedules"
            ADD CONSTRAINT "FK_a8923d3db18e9eb467140f3ed51" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    // --- by hand: what TypeORM cannot declare -----------------------------------------------
    // GIN indexes for the array filters (?weekday=, ?waste_type=) and trigram indexes for ?search=.
    await queryRunner.query(
      `CREATE INDEX "idx_waste_schedules_weekdays_gin" ON "waste_collection_schedules" USING gin ("weekdays")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_waste_schedules_types_gin" ON "waste_collection_schedules" USING gin ("waste_types")`,
    );
    await queryRunner.query(`CREATE INDEX "idx_waste_points_types_gin" ON "waste_collection_points" USING gin ("waste_types")`);
    await queryRunner.query(
      `CREATE INDEX "idx_waste_guidelines_title_trgm" ON "waste_guidelines" USING gin ("title" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_waste_guidelines_content_trgm" ON "waste_guidelines" USING gin ("content" gin_trgm_ops)`,
    );
    // National hotlines (no ward: shown in every ward). The city's own numbers are added by its admins.
    await queryRunner.query(`
      INSERT INTO "emergency_contacts" ("contact_type", "name", "phone", "description", "ward_id", "sort_order") VALUES
        ('emergency', 'জাতীয় জরুরি সেবা', '999', 'পুলিশ, ফায়ার সার্ভিস ও অ্যাম্বুলেন্স — National Emergency Service (police, fire, ambulance)', NULL, 1),
        ('fire', 'ফায়ার সার্ভিস ও সিভিল ডিফেন্স', '102', 'Fire Service and Civil Defence', NULL, 2),
        ('health', 'স্বাস্থ্য বাতায়ন', '16263', 'স্বাস্থ্য পরামর্শ — Shastho Batayon, the national health call centre', NULL, 3),
        ('disaster', 'দুর্যোগের আগাম বার্তা', '1090', 'Disaster early warning', NULL, 4),
        ('women_child', 'নারী ও শিশু নির্যাতন প্রতিরোধ', '109', 'National helpline against violence against women and children', NULL, 5),
        ('women_child', 'চাইল্ড হেল্পলাইন', '1098', 'Child Helpline', NULL, 6),
        ('information', 'জাতীয় কল সেন্টার', '333', 'সরকারি তথ্য ও সেবা — National call centre for government information and services', NULL, 7)
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_waste_guidelines_content_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."idx_waste_guidelines_title_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."idx_waste_points_types_gin"`);
    await queryRunner.query(`DROP INDEX "public"."idx_waste_schedules_types_gin"`);
    await queryRunner.query(`DROP INDEX "public"."idx_waste_schedules_weekdays_gin"`);
    await queryRunner.query(`
            ALTER TABLE "waste_collection_schedules" DROP CONSTRAINT "FK_a8923d3db18e9eb467140f3ed51"
        `);
    await queryRunner.query(`
            ALTER TABLE "waste_pickup_requests" DROP CONSTRAINT "FK_bd774de9e2b333f515f89804008"
        `);
    await queryRunner.query(`
            ALTER TABLE "waste_pickup_requests" DROP CONSTRAINT "FK_c677ade62ae1e3e800288e6575f"
        `);
    await queryRunner.query(`
            ALTER TABLE "waste_pickup_requests" DROP CONSTRAINT "FK_f047d0914d18613da8c60620276"
        `);
    await queryRunner.query(`
            ALTER TABLE "waste_collection_points" DROP CONSTRAINT "FK_9b24e876c969ff1ddf9fcd5ea63"
        `);
    await queryRunner.query(`
            ALTER TABLE "emergency_requests" DROP CONSTRAINT "FK_69967f9f73a9de3ee271a603663"
        `);
    await queryRunner.query(`
            ALTER TABLE "emergency_requests" DROP CONSTRAINT "FK_0ddc4af4723b826c000e67120a8"
        `);
    await queryRunner.query(`
            ALTER TABLE "emergency_requests" DROP CONSTRAINT "FK_9d104791e261b5a2b655eea3f95"
        `);
    await queryRunner.query(`
            ALTER TABLE "emergency_contacts" DROP CONSTRAINT "FK_6585cfc0af9d334376fc19993fb"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_waste_schedules_ward_start"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_waste_schedules_active_start"
        `);
    await queryRunner.query(`
            DROP TABLE "waste_collection_schedules"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_waste_guidelines_published_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_waste_guidelines_category_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_waste_guidelines_created"
        `);
    await queryRunner.query(`
            DROP TABLE "waste_guidelines"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_waste_pickups_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_waste_pickups_user_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_waste_pickups_ward_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_waste_pickups_status_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_waste_pickups_type_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_waste_pickups_assignee_status"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_waste_pickups_preferred_date"
        `);
    await queryRunner.query(`
            DROP TABLE "waste_pickup_requests"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_waste_points_ward_name"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_waste_points_active_name"
        `);
    await queryRunner.query(`
            DROP TABLE "waste_collection_points"
        `);
    await queryRunner.query(`
            DROP TABLE "notification_fanouts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_emergency_requests_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_emergency_requests_user_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_emergency_requests_ward_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_emergency_requests_status_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_emergency_requests_type_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_emergency_requests_assigned_to"
        `);
    await queryRunner.query(`
            DROP TABLE "emergency_requests"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_emergency_contacts_order"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_emergency_contacts_type"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_emergency_contacts_ward"
        `);
    await queryRunner.query(`
            DROP TABLE "emergency_contacts"
        `);
  }
}

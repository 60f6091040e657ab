import { MigrationInterface, QueryRunner } from 'typeorm';

export class Donations1795598857369 implements MigrationInterface {
  name = 'Donations1795598857369';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Receipt numbers of completed donations (TypeORM cannot declare a free-standing sequence).
    await queryRunner.query(`CREATE SEQUENCE "donation_receipt_seq" AS bigint START 1`);
    await queryRunner.query(`
            CREATE TABLE "donation_campaigns" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "title" character varying(200) NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "image_key" character varying(200),
                "goal" numeric(12, 2) NOT NULL,
                "raised" numeric(12, 2) NOT NULL DEFAULT '0',
                "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ends_at" TIMESTAMP WITH TIME ZONE,
                "is_active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_donation_campaigns_dates" CHECK (
                    "ends_at" IS NULL
                    OR "ends_at" > "starts_at"
                ),
                CONSTRAINT "ck_donation_campaigns_raised" CHECK ("raised" >= 0),
                CONSTRAINT "ck_donation_campaigns_goal" CHECK ("goal" > 0),
                CONSTRAINT "PK_d592dfa0964d30ef0095c66b45a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_donation_campaigns_created" ON "donation_campaigns" ("created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_donation_campaigns_active_starts" ON "donation_campaigns" ("is_active", "starts_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "donations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "campaign_id" uuid NOT NULL,
                "payment_id" uuid NOT NULL,
                "amount" numeric(10, 2) NOT NULL,
                "is_anonymous" boolean NOT NULL DEFAULT false,
                "message" character varying(500),
                "receipt_number" character varying(30),
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "refunded_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_donations_receipt_number" UNIQUE ("receipt_number"),
                CONSTRAINT "uq_donations_payment" UNIQUE ("payment_id"),
                CONSTRAINT "REL_a58be6122a78437405b1d89524" UNIQUE ("payment_id"),
                CONSTRAINT "PK_c01355d6f6f50fc6d1b4a946abf" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_donations_campaign_completed" ON "donations" ("campaign_id", "completed_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_donations_user_created" ON "donations" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "donations"
            ADD CONSTRAINT "FK_e0a522570e35074125c86d817ea" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "donations"
            ADD CONSTRAINT "FK_6ad4405f42816956aa8a89bc9fb" FOREIGN KEY ("campaign_id") REFERENCES "donation_campaigns"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "donations"
            ADD CONSTRAINT "FK_a58be6122a78437405b1d89524f" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "donations" DROP CONSTRAINT "FK_a58be6122a78437405b1d89524f"
        `);
    await queryRunner.query(`
            ALTER TABLE "donations" DROP CONSTRAINT "FK_6ad4405f42816956aa8a89bc9fb"
        `);
    await queryRunner.query(`
            ALTER TABLE "donations" DROP CONSTRAINT "FK_e0a522570e35074125c86d817ea"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_donations_user_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_donations_campaign_completed"
        `);
    await queryRunner.query(`
            DROP TABLE "donations"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_donation_campaigns_active_starts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_donation_campaigns_created"
        `);
    await queryRunner.query(`
            DROP TABLE "donation_campaigns"
        `);
    await queryRunner.query(`DROP SEQUENCE "donation_receipt_seq"`);
  }
}

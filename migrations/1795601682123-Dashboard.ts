import { MigrationInterface, QueryRunner } from 'typeorm';

export class Dashboard1795601682123 implements MigrationInterface {
  name = 'Dashboard1795601682123';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "dashboard_reports" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "requested_by_id" uuid NOT NULL,
                "period" character varying(10) NOT NULL,
                "format" character varying(4) NOT NULL,
                "range_from" date NOT NULL,
                "range_to" date NOT NULL,
                "ward_ids" uuid array,
                "status" character varying(10) NOT NULL DEFAULT 'queued',
                "file_key" character varying(200),
                "file_size" integer,
                "error" character varying(500),
                "started_at" TIMESTAMP WITH TIME ZONE,
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_dashboard_reports_done_has_file" CHECK (
                    "status" <> 'done'
                    OR "file_key" IS NOT NULL
                ),
                CONSTRAINT "ck_dashboard_reports_range" CHECK ("range_to" >= "range_from"),
                CONSTRAINT "ck_dashboard_reports_status" CHECK (
                    "status" IN ('queued', 'running', 'done', 'failed')
                ),
                CONSTRAINT "ck_dashboard_reports_format" CHECK ("format" IN ('pdf', 'xlsx')),
                CONSTRAINT "ck_dashboard_reports_period" CHECK (
                    "period" IN (
                        'daily',
                        'weekly',
                        'monthly',
                        'quarterly',
                        'yearly'
                    )
                ),
                CONSTRAINT "PK_c92ed09ba2a4c023366ee7bdef9" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_dashboard_reports_requested_by_created" ON "dashboard_reports" ("requested_by_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_open_priority_created" ON "complaints" ("priority", "created_at")
            WHERE "status" IN ('জমা দেওয়া হয়েছে', 'প্রক্রিয়াধীন')
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_resolved_at" ON "complaints" ("resolved_at")
            WHERE "resolved_at" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaint_reviews_created" ON "complaint_reviews" ("created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_payments_completed_at" ON "payments" ("completed_at")
            WHERE "status" = 'completed'
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_donations_completed_at" ON "donations" ("completed_at")
            WHERE "receipt_number" IS NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "dashboard_reports"
            ADD CONSTRAINT "FK_6e1309b7f914d13aade7377e35b" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "dashboard_reports" DROP CONSTRAINT "FK_6e1309b7f914d13aade7377e35b"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_donations_completed_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_payments_completed_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaint_reviews_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_resolved_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_open_priority_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_dashboard_reports_requested_by_created"
        `);
    await queryRunner.query(`
            DROP TABLE "dashboard_reports"
        `);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class Payments1795598680429 implements MigrationInterface {
  name = 'Payments1795598680429';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "payments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "service_type" character varying(50) NOT NULL,
                "amount" numeric(10, 2) NOT NULL,
                "payment_method" character varying(20) NOT NULL,
                "phone_number" character varying(20) NOT NULL,
                "transaction_id" character varying(100),
                "status" character varying(20) NOT NULL DEFAULT 'pending',
                "gateway_response" jsonb,
                "gateway_payment_id" character varying(100),
                "invoice_number" character varying(40) NOT NULL,
                "redirect_url" text,
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "failure_reason" character varying(500),
                "refunded_amount" numeric(10, 2),
                "refunded_at" TIMESTAMP WITH TIME ZONE,
                "refund_reason" character varying(500),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_payments_gateway_payment" UNIQUE ("payment_method", "gateway_payment_id"),
                CONSTRAINT "uq_payments_invoice_number" UNIQUE ("invoice_number"),
                CONSTRAINT "uq_payments_transaction_id" UNIQUE ("transaction_id"),
                CONSTRAINT "ck_payments_amount" CHECK ("amount" > 0),
                CONSTRAINT "ck_payments_status" CHECK (
                    "status" IN (
                        'pending',
                        'completed',
                        'failed',
                        'cancelled',
                        'refunded'
                    )
                ),
                CONSTRAINT "ck_payments_method" CHECK (
                    "payment_method" IN ('bkash', 'nagad', 'rocket', 'upay')
                ),
                CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_payments_amount" ON "payments" ("amount")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_payments_created" ON "payments" ("created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_payments_service_type" ON "payments" ("service_type")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_payments_method_created" ON "payments" ("payment_method", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_payments_status_created" ON "payments" ("status", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_payments_user_created" ON "payments" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "payment_idempotency_keys" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "key" character varying(255) NOT NULL,
                "request_hash" character(64) NOT NULL,
                "payment_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_payment_idempotency_keys_user_key" UNIQUE ("user_id", "key"),
                CONSTRAINT "PK_70b74ae755827eeff0cd22cdec2" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_payment_idempotency_keys_payment" ON "payment_idempotency_keys" ("payment_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "payments"
            ADD CONSTRAINT "FK_427785468fb7d2733f59e7d7d39" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "payment_idempotency_keys"
            ADD CONSTRAINT "FK_ec3636a9b19666c1335d179c588" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "payment_idempotency_keys"
            ADD CONSTRAINT "FK_a6ebf7eb2ee68c2349331baa686" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "payment_idempotency_keys" DROP CONSTRAINT "FK_a6ebf7eb2ee68c2349331baa686"
        `);
    await queryRunner.query(`
            ALTER TABLE "payment_idempotency_keys" DROP CONSTRAINT "FK_ec3636a9b19666c1335d179c588"
        `);
    await queryRunner.query(`
            ALTER TABLE "payments" DROP CONSTRAINT "FK_427785468fb7d2733f59e7d7d39"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_payment_idempotency_keys_payment"
        `);
    await queryRunner.query(`
            DROP TABLE "payment_idempotency_keys"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_payments_user_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_payments_status_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_payments_method_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_payments_service_type"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_payments_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_payments_amount"
        `);
    await queryRunner.query(`
            DROP TABLE "payments"
        `);
  }
}

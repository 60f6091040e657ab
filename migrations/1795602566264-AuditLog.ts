import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditLog1795602566264 implements MigrationInterface {
  name = 'AuditLog1795602566264';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "audit_logs" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "actor_id" uuid,
                "action" character varying(80) NOT NULL,
                "entity_type" character varying(40) NOT NULL,
                "entity_id" uuid,
                "before" jsonb,
                "after" jsonb,
                "ip" character varying(64),
                "user_agent" character varying(500),
                "request_id" character varying(100),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_1bb179d048bbc581caa3b013439" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_audit_logs_entity_created_at" ON "audit_logs" ("entity_type", "entity_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_audit_logs_action_created_at" ON "audit_logs" ("action", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_audit_logs_actor_created_at" ON "audit_logs" ("actor_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_audit_logs_created_at" ON "audit_logs" ("created_at")
        `);
    // By hand: the log is append-only; an UPDATE or DELETE of an entry fails.
    await queryRunner.query(`
            CREATE FUNCTION "audit_logs_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_logs is append-only' USING ERRCODE = 'insufficient_privilege';
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER "trg_audit_logs_append_only" BEFORE UPDATE OR DELETE ON "audit_logs"
            FOR EACH ROW EXECUTE FUNCTION "audit_logs_append_only"()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TRIGGER "trg_audit_logs_append_only" ON "audit_logs"
        `);
    await queryRunner.query(`
            DROP FUNCTION "audit_logs_append_only"()
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_audit_logs_created_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_audit_logs_actor_created_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_audit_logs_action_created_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_audit_logs_entity_created_at"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_logs"
        `);
  }
}

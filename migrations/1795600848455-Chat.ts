import { MigrationInterface, QueryRunner } from 'typeorm';

export class Chat1795600848455 implements MigrationInterface {
  name = 'Chat1795600848455';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "conversations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "type" character varying(20) NOT NULL,
                "citizen_id" uuid NOT NULL,
                "complaint_id" uuid,
                "ward_id" uuid,
                "last_message_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_conversations_complaint" UNIQUE ("complaint_id"),
                CONSTRAINT "ck_conversations_complaint" CHECK (
                    ("type" = 'complaint') = ("complaint_id" IS NOT NULL)
                ),
                CONSTRAINT "ck_conversations_type" CHECK ("type" IN ('support', 'complaint')),
                CONSTRAINT "PK_ee34f4f7ced4ec8681f26bf04ef" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_conversations_created_at" ON "conversations" ("created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_conversations_last_message" ON "conversations" ("last_message_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_conversations_type_last_message" ON "conversations" ("type", "last_message_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_conversations_ward_last_message" ON "conversations" ("ward_id", "last_message_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_conversations_citizen_last_message" ON "conversations" ("citizen_id", "last_message_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_conversations_support_citizen" ON "conversations" ("citizen_id")
            WHERE "type" = 'support'
        `);
    await queryRunner.query(`
            CREATE TABLE "chat_messages" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "conversation_id" uuid NOT NULL,
                "sender_id" uuid NOT NULL,
                "receiver_id" uuid,
                "message" character varying(4000) NOT NULL DEFAULT '',
                "attachment_key" character varying(255),
                "attachment_type" character varying(20),
                "attachment_content_type" character varying(100),
                "attachment_size" integer,
                "client_id" character varying(64),
                "read_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_chat_messages_sender_client" UNIQUE ("sender_id", "client_id"),
                CONSTRAINT "ck_chat_messages_attachment_type" CHECK (
                    "attachment_type" IN ('image', 'video', 'audio', 'pdf')
                ),
                CONSTRAINT "ck_chat_messages_content" CHECK (
                    "message" <> ''
                    OR "attachment_key" IS NOT NULL
                ),
                CONSTRAINT "PK_40c55ee0e571e268b0d3cd37d10" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_chat_messages_receiver" ON "chat_messages" ("receiver_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_chat_messages_unread" ON "chat_messages" ("conversation_id", "sender_id")
            WHERE "read_at" IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_chat_messages_conversation_created" ON "chat_messages" ("conversation_id", "created_at", "id")
        `);
    await queryRunner.query(`
            ALTER TABLE "conversations"
            ADD CONSTRAINT "FK_ab5d3c69bbee473c07e8a1fa57a" FOREIGN KEY ("citizen_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "conversations"
            ADD CONSTRAINT "FK_ee3aa3282b9789fa6bd66e689c6" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "conversations"
            ADD CONSTRAINT "FK_eff8f7c24ceb688b867f8ac31a7" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "chat_messages"
            ADD CONSTRAINT "FK_3d623662d4ee1219b23cf61e649" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "chat_messages"
            ADD CONSTRAINT "FK_9e5fc47ecb06d4d7b84633b1718" FOREIGN KEY ("sender_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "chat_messages"
            ADD CONSTRAINT "FK_c1787d1874556cb9eb0483a7e2b" FOREIGN KEY ("receiver_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    // By hand: conversations.ward_id follows the complaint's ward (complaint
    // threads) and the citizen's home ward (support threads), so the staff who
    // answer are always those of the current ward. TypeORM cannot declare triggers.
    await queryRunner.query(`
            CREATE FUNCTION chat_follow_complaint_ward() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE conversations SET ward_id = NEW.ward_id WHERE complaint_id = NEW.id;
                RETURN NULL;
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER trg_complaints_chat_ward AFTER UPDATE OF ward_id ON complaints
            FOR EACH ROW WHEN (OLD.ward_id IS DISTINCT FROM NEW.ward_id)
            EXECUTE FUNCTION chat_follow_complaint_ward()
        `);
    await queryRunner.query(`
            CREATE FUNCTION chat_follow_home_ward() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE conversations SET ward_id = NEW.ward_id WHERE citizen_id = NEW.id AND type = 'support';
                RETURN NULL;
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER trg_users_chat_ward AFTER UPDATE OF ward_id ON users
            FOR EACH ROW WHEN (OLD.ward_id IS DISTINCT FROM NEW.ward_id)
            EXECUTE FUNCTION chat_follow_home_ward()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_users_chat_ward ON users`);
    await queryRunner.query(`DROP FUNCTION chat_follow_home_ward()`);
    await queryRunner.query(`DROP TRIGGER trg_complaints_chat_ward ON complaints`);
    await queryRunner.query(`DROP FUNCTION chat_follow_complaint_ward()`);
    await queryRunner.query(`
            ALTER TABLE "chat_messages" DROP CONSTRAINT "FK_c1787d1874556cb9eb0483a7e2b"
        `);
    await queryRunner.query(`
            ALTER TABLE "chat_messages" DROP CONSTRAINT "FK_9e5fc47ecb06d4d7b84633b1718"
        `);
    await queryRunner.query(`
            ALTER TABLE "chat_messages" DROP CONSTRAINT "FK_3d623662d4ee1219b23cf61e649"
        `);
    await queryRunner.query(`
            ALTER TABLE "conversations" DROP CONSTRAINT "FK_eff8f7c24ceb688b867f8ac31a7"
        `);
    await queryRunner.query(`
            ALTER TABLE "conversations" DROP CONSTRAINT "FK_ee3aa3282b9789fa6bd66e689c6"
        `);
    await queryRunner.query(`
            ALTER TABLE "conversations" DROP CONSTRAINT "FK_ab5d3c69bbee473c07e8a1fa57a"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_chat_messages_conversation_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_chat_messages_unread"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_chat_messages_receiver"
        `);
    await queryRunner.query(`
            DROP TABLE "chat_messages"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_conversations_support_citizen"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_conversations_citizen_last_message"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_conversations_ward_last_message"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_conversations_type_last_message"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_conversations_last_message"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_conversations_created_at"
        `);
    await queryRunner.query(`
            DROP TABLE "conversations"
        `);
  }
}

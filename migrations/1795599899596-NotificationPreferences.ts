import { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationPreferences1795599899596 implements MigrationInterface {
  name = 'NotificationPreferences1795599899596';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "notification_preferences" (
                "user_id" uuid NOT NULL,
                "category" character varying(20) NOT NULL,
                "sms" boolean NOT NULL DEFAULT true,
                "push" boolean NOT NULL DEFAULT true,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_notification_preferences_always_on" CHECK (
                    "category" NOT IN ('payment', 'account')
                    OR (
                        "sms"
                        AND "push"
                    )
                ),
                CONSTRAINT "ck_notification_preferences_category" CHECK (
                    "category" IN (
                        'account',
                        'complaint',
                        'payment',
                        'donation',
                        'emergency',
                        'notice',
                        'waste',
                        'event',
                        'chat',
                        'system'
                    )
                ),
                CONSTRAINT "PK_5906e7816659c2d55066f409bff" PRIMARY KEY ("user_id", "category")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_preferences"
            ADD CONSTRAINT "FK_64c90edc7310c6be7c10c96f675" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "notification_preferences" DROP CONSTRAINT "FK_64c90edc7310c6be7c10c96f675"
        `);
    await queryRunner.query(`
            DROP TABLE "notification_preferences"
        `);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxRequestId1795608646313 implements MigrationInterface {
  name = 'OutboxRequestId1795608646313';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "outbox_jobs"
            ADD "request_id" character varying(100)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "outbox_jobs" DROP COLUMN "request_id"
        `);
  }
}

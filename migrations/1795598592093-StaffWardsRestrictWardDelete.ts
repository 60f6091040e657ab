import { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffWardsRestrictWardDelete1795598592093 implements MigrationInterface {
  name = 'StaffWardsRestrictWardDelete1795598592093';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "staff_wards" DROP CONSTRAINT "FK_9b1c016163ab13092adfd81d38d"
        `);
    await queryRunner.query(`
            ALTER TABLE "staff_wards"
            ADD CONSTRAINT "FK_9b1c016163ab13092adfd81d38d" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE RESTRICT ON UPDATE CASCADE
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "staff_wards" DROP CONSTRAINT "FK_9b1c016163ab13092adfd81d38d"
        `);
    await queryRunner.query(`
            ALTER TABLE "staff_wards"
            ADD CONSTRAINT "FK_9b1c016163ab13092adfd81d38d" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
  }
}

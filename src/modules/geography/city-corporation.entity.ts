import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** A city corporation (e.g. Dhaka North), the top of the geography. */
@Entity('city_corporations')
@Unique('uq_city_corporations_code', ['code'])
export class CityCorporation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 150 })
  name: string;

  @Column({ type: 'varchar', length: 150 })
  nameBn: string;

  /** Short unique code, e.g. DNCC. */
  @Column({ type: 'varchar', length: 20 })
  code: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

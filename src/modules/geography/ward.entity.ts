import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { User } from '../users/user.entity.js';
import { CityCorporation } from './city-corporation.entity.js';
import { Zone } from './zone.entity.js';

/**
 * A ward, the unit users, complaints, notices, schedules and staff refer to.
 * `cityCorporationId` repeats the zone's, so lists filter without a join.
 */
@Entity('wards')
@Unique('uq_wards_city_number', ['cityCorporationId', 'number'])
export class Ward {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_wards_zone')
  @Column({ type: 'uuid' })
  zoneId: string;

  @ManyToOne(() => Zone, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'zone_id' })
  zone?: Relation<Zone>;

  @Index('idx_wards_city_corporation')
  @Column({ type: 'uuid' })
  cityCorporationId: string;

  @ManyToOne(() => CityCorporation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'city_corporation_id' })
  cityCorporation?: Relation<CityCorporation>;

  /** Ward number within its city corporation. */
  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'varchar', length: 150 })
  name: string;

  @Column({ type: 'varchar', length: 150 })
  nameBn: string;

  /**
   * Staff assigned to this ward (the inverse of User.wards). Declared for its
   * RESTRICT: deleting a ward must not silently drop it from a staff member's
   * list, which would leave them with no wards — that is, every ward.
   */
  @ManyToMany(() => User, (user) => user.wards, { onDelete: 'RESTRICT' })
  staff?: Relation<User[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

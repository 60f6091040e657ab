import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { nonEmptySubsetOfChoices } from '../../database/checks.js';
import { Ward } from '../geography/ward.entity.js';
import { WASTE_TYPES } from './waste.choices.js';

/** A place where citizens may bring waste (secondary transfer station, recycling drop-off, …). */
@Entity('waste_collection_points')
@Check('ck_waste_points_types', nonEmptySubsetOfChoices('waste_types', WASTE_TYPES))
@Index('idx_waste_points_ward_name', ['wardId', 'name'])
@Index('idx_waste_points_active_name', ['isActive', 'name'])
@Index('idx_waste_points_types_gin', { synchronize: false })
export class CollectionPoint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 150 })
  name: string;

  @Column({ type: 'varchar', length: 255 })
  address: string;

  @Column({ type: 'uuid' })
  wardId: string;

  @ManyToOne(() => Ward, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Relation<Ward>;

  @Column({ type: 'double precision' })
  latitude: number;

  @Column({ type: 'double precision' })
  longitude: number;

  /** What it accepts. */
  @Column({ type: 'varchar', length: 30, array: true })
  wasteTypes: string[];

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

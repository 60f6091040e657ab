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

/**
 * When a ward's waste is collected: which kinds, on which weekdays
 * (0 = Sunday, Asia/Dhaka) and in which time window. Every change that
 * citizens can see bumps `version` and notifies the ward's citizens.
 */
@Entity('waste_collection_schedules')
@Check('ck_waste_schedules_types', nonEmptySubsetOfChoices('waste_types', WASTE_TYPES))
@Check('ck_waste_schedules_weekdays', `cardinality("weekdays") > 0 AND "weekdays" <@ ARRAY[0, 1, 2, 3, 4, 5, 6]::smallint[]`)
@Check('ck_waste_schedules_window', `"end_time" > "start_time"`)
@Index('idx_waste_schedules_ward_start', ['wardId', 'startTime'])
@Index('idx_waste_schedules_active_start', ['isActive', 'startTime'])
// GIN indexes for the weekday and waste-type filters (created in the migration; TypeORM cannot declare them).
@Index('idx_waste_schedules_weekdays_gin', { synchronize: false })
@Index('idx_waste_schedules_types_gin', { synchronize: false })
export class WasteSchedule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  wardId: string;

  @ManyToOne(() => Ward, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Relation<Ward>;

  @Column({ type: 'varchar', length: 30, array: true })
  wasteTypes: string[];

  /** 0 = Sunday … 6 = Saturday. */
  @Column({ type: 'smallint', array: true })
  weekdays: number[];

  /** Dhaka local time; read back as HH:MM:SS. */
  @Column({ type: 'time' })
  startTime: string;

  @Column({ type: 'time' })
  endTime: string;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  /** Bumped on every change; names the notification sent for it. */
  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

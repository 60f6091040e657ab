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
import { inChoices } from '../../database/checks.js';
import { Ward } from '../geography/ward.entity.js';
import { User } from '../users/user.entity.js';
import { PICKUP_STATUSES, WASTE_TYPES, type PickupStatus, type WasteType } from './waste.choices.js';

/** A citizen's request for a special pickup (bulky, hazardous, …), handled by a staff member of the ward. */
@Entity('waste_pickup_requests')
@Check('ck_waste_pickups_type', inChoices('waste_type', WASTE_TYPES))
@Check('ck_waste_pickups_status', inChoices('status', PICKUP_STATUSES))
@Index('idx_waste_pickups_created', ['createdAt'])
@Index('idx_waste_pickups_user_created', ['userId', 'createdAt'])
@Index('idx_waste_pickups_ward_created', ['wardId', 'createdAt'])
@Index('idx_waste_pickups_status_created', ['status', 'createdAt'])
@Index('idx_waste_pickups_type_created', ['wasteType', 'createdAt'])
@Index('idx_waste_pickups_assignee_status', ['assignedToId', 'status'])
@Index('idx_waste_pickups_preferred_date', ['preferredDate'])
export class PickupRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 30 })
  wasteType: WasteType;

  @Column({ type: 'varchar', length: 255 })
  address: string;

  @Column({ type: 'uuid' })
  wardId: string;

  @ManyToOne(() => Ward, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Relation<Ward>;

  /** YYYY-MM-DD, Dhaka. */
  @Column({ type: 'date' })
  preferredDate: string;

  /** The day the crew will come, set when it is scheduled. */
  @Column({ type: 'date', nullable: true })
  scheduledDate: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: PickupStatus;

  /** The ward staff member handling it; null while the ward has no staff. */
  @Column({ type: 'uuid', nullable: true })
  assignedToId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assigned_to_id' })
  assignedTo?: Relation<User> | null;

  /** The last note from staff (reason, instructions). */
  @Column({ type: 'text', nullable: true })
  staffNote: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

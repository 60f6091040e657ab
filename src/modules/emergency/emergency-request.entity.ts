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
import { EMERGENCY_STATUSES, EMERGENCY_TYPES, type EmergencyStatus, type EmergencyType } from './emergency.choices.js';

/**
 * A call for help. Staff covering its ward are alerted when it is made; one
 * of them accepts it (→ প্রক্রিয়াধীন) and later resolves it (`responded_at`).
 * Still unaccepted after the escalation delay, it goes to every admin
 * (`escalated_at`).
 */
@Entity('emergency_requests')
@Check('ck_emergency_requests_type', inChoices('emergency_type', EMERGENCY_TYPES))
@Check('ck_emergency_requests_status', inChoices('status', EMERGENCY_STATUSES))
@Check('ck_emergency_requests_priority', `"priority" = 'উচ্চ'`)
@Check('ck_emergency_requests_coordinates', `("latitude" IS NULL) = ("longitude" IS NULL)`)
@Index('idx_emergency_requests_created', ['createdAt'])
@Index('idx_emergency_requests_user_created', ['userId', 'createdAt'])
@Index('idx_emergency_requests_ward_created', ['wardId', 'createdAt'])
@Index('idx_emergency_requests_status_created', ['status', 'createdAt'])
@Index('idx_emergency_requests_type_created', ['emergencyType', 'createdAt'])
export class EmergencyRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Who asked for help. */
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 30 })
  emergencyType: EmergencyType;

  @Column({ type: 'varchar', length: 20, default: 'উচ্চ' })
  priority: string;

  @Column({ type: 'varchar', length: 30, default: 'জমা দেওয়া হয়েছে' })
  status: EmergencyStatus;

  @Column({ type: 'text' })
  description: string;

  /** Where, in words (address, landmark). */
  @Column({ type: 'varchar', length: 255 })
  location: string;

  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  /** From the request, else the requester's home ward; null when neither is known. */
  @Column({ type: 'uuid', nullable: true })
  wardId: string | null;

  @ManyToOne(() => Ward, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Relation<Ward> | null;

  /** The staff member (or admin) who accepted it. */
  @Index('idx_emergency_requests_assigned_to')
  @Column({ type: 'uuid', nullable: true })
  assignedToId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assigned_to_id' })
  assignedTo?: Relation<User> | null;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  /** When it was resolved. */
  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  /** When it went to the admins for lack of an accepting staff member. */
  @Column({ type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  /** What the responder wrote when resolving, or why it was cancelled. */
  @Column({ type: 'text', nullable: true })
  resolutionNote: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { inChoices } from '../../database/checks.js';
import { Ward } from '../geography/ward.entity.js';
import { User } from '../users/user.entity.js';
import type { ComplaintReview } from './complaint-review.entity.js';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_PRIORITIES,
  COMPLAINT_STATUSES,
  STATUS_IN_PROGRESS,
  STATUS_SUBMITTED,
  type ComplaintCategory,
  type ComplaintPriority,
  type ComplaintStatus,
} from './complaint.choices.js';

/**
 * The seed's Complaint (§4.2) plus the contract's tracking number, ward,
 * coordinates, assignee and resolution time. Every filter and ordering the
 * list offers has an index; the trigram indexes back `?search=`.
 */
@Entity('complaints')
@Unique('uq_complaints_tracking_number', ['trackingNumber'])
@Check('ck_complaints_category', inChoices('category', COMPLAINT_CATEGORIES))
@Check('ck_complaints_priority', inChoices('priority', COMPLAINT_PRIORITIES))
@Check('ck_complaints_status', inChoices('status', COMPLAINT_STATUSES))
@Check('ck_complaints_latitude', '"latitude" BETWEEN -90 AND 90')
@Check('ck_complaints_longitude', '"longitude" BETWEEN -180 AND 180')
// A citizen's own list, newest first.
@Index('idx_complaints_user_created', ['userId', 'createdAt'])
// Ward staff's list and the ?ward= filter, optionally by status.
@Index('idx_complaints_ward_created', ['wardId', 'createdAt'])
@Index('idx_complaints_ward_status_created', ['wardId', 'status', 'createdAt'])
@Index('idx_complaints_status_created', ['status', 'createdAt'])
@Index('idx_complaints_category_created', ['category', 'createdAt'])
@Index('idx_complaints_priority_created', ['priority', 'createdAt'])
@Index('idx_complaints_created_at', ['createdAt'])
@Index('idx_complaints_updated_at', ['updatedAt'])
@Index('idx_complaints_assigned_created', ['assignedToId', 'createdAt'])
// The dashboard: resolution times by resolution date, and open complaints past their SLA by priority.
@Index('idx_complaints_resolved_at', ['resolvedAt'], { where: '"resolved_at" IS NOT NULL' })
@Index('idx_complaints_open_priority_created', ['priority', 'createdAt'], {
  where: `"status" IN ('${STATUS_SUBMITTED}', '${STATUS_IN_PROGRESS}')`,
})
// Trigram GIN indexes for ?search= over Bengali and English text (created by hand in the migration).
@Index('idx_complaints_title_trgm', { synchronize: false })
@Index('idx_complaints_description_trgm', { synchronize: false })
export class Complaint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** CC + Dhaka date (YYYYMMDD) + daily counter (at least 4 digits), e.g. CC202611250007. */
  @Column({ type: 'varchar', length: 20 })
  trackingNumber: string;

  /** The citizen who filed it. */
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'varchar', length: 50 })
  category: ComplaintCategory;

  @Column({ type: 'varchar', length: 20 })
  priority: ComplaintPriority;

  @Column({ type: 'varchar', length: 30, default: STATUS_SUBMITTED })
  status: ComplaintStatus;

  /** Free-text place, as the seed's `location`. */
  @Column({ type: 'varchar', length: 255 })
  location: string;

  @Column({ type: 'uuid', nullable: true })
  wardId: string | null;

  @ManyToOne(() => Ward, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Relation<Ward> | null;

  /** Decimal degrees (numeric(9,6), about 11 cm), read back as a string by the driver. */
  @Column({ type: 'numeric', precision: 9, scale: 6, nullable: true })
  latitude: string | null;

  @Column({ type: 'numeric', precision: 9, scale: 6, nullable: true })
  longitude: string | null;

  /** The staff member working on it. */
  @Column({ type: 'uuid', nullable: true })
  assignedToId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assigned_to_id' })
  assignedTo?: Relation<User> | null;

  /** When it last became সমাধান হয়েছে; cleared if it is reopened. */
  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  /** The owner's review: not a column; read with `leftJoinAndMapOne` (ComplaintsRepository). */
  review?: ComplaintReview | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';
import type { ComplaintStatus } from './complaint.choices.js';
import { Complaint } from './complaint.entity.js';

/**
 * One step of a complaint's history: the filing (from null) and every status
 * change after it, with who made it and their note.
 */
@Entity('complaint_status_changes')
@Index('idx_complaint_status_changes_complaint', ['complaintId', 'createdAt'])
@Index('idx_complaint_status_changes_changed_by', ['changedById'])
export class ComplaintStatusChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  complaintId: string;

  @ManyToOne(() => Complaint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id' })
  complaint?: Relation<Complaint>;

  /** null for the filing itself. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  fromStatus: ComplaintStatus | null;

  @Column({ type: 'varchar', length: 30 })
  toStatus: ComplaintStatus;

  @Column({ type: 'uuid', nullable: true })
  changedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'changed_by_id' })
  changedBy?: Relation<User> | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

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
  type Relation,
} from 'typeorm';
import { User } from '../users/user.entity.js';
import { Complaint } from './complaint.entity.js';

/** The owner's rating of how a resolved complaint was handled: one per complaint. */
@Entity('complaint_reviews')
@Unique('uq_complaint_reviews_complaint', ['complaintId'])
@Check('ck_complaint_reviews_rating', '"rating" BETWEEN 1 AND 5')
@Index('idx_complaint_reviews_user', ['userId'])
// The dashboard's satisfaction: reviews written in a date range.
@Index('idx_complaint_reviews_created', ['createdAt'])
export class ComplaintReview {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  complaintId: string;

  // Many-to-one with a named unique constraint (a one-to-one would add a second, unnamed one).
  @ManyToOne(() => Complaint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id' })
  complaint?: Relation<Complaint>;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  /** 1 (poor) … 5 (excellent). */
  @Column({ type: 'smallint' })
  rating: number;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Payment } from '../payments/payment.entity.js';
import { User } from '../users/user.entity.js';
import { DonationCampaign } from './donation-campaign.entity.js';

/**
 * A donation, paid through one payment (service_type "donation"); its status
 * is the payment's. `receiptNumber` is set — exactly once, with the
 * campaign's raised amount — when the payment completes; `refundedAt` when an
 * admin refunds it.
 */
@Entity('donations')
@Unique('uq_donations_payment', ['paymentId'])
@Unique('uq_donations_receipt_number', ['receiptNumber'])
@Index('idx_donations_user_created', ['userId', 'createdAt'])
@Index('idx_donations_campaign_completed', ['campaignId', 'completedAt'])
// The dashboard: completed donations in a date range, by campaign.
@Index('idx_donations_completed_at', ['completedAt'], { where: '"receipt_number" IS NOT NULL' })
export class Donation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => DonationCampaign, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: Relation<DonationCampaign>;

  @Column({ type: 'uuid' })
  paymentId: string;

  @OneToOne(() => Payment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'payment_id' })
  payment?: Relation<Payment>;

  @Column({ type: 'numeric', precision: 10, scale: 2 })
  amount: string;

  /** Hide the donor's name from public listings. */
  @Column({ type: 'boolean', default: false })
  isAnonymous: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  message: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  receiptNumber: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  refundedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

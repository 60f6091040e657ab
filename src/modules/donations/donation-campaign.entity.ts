import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A city project citizens can donate to. `raised` moves only when a
 * donation's payment completes (an atomic `raised = raised + amount`), and
 * back when an admin refunds one. numeric(12,2): a campaign's total may
 * outgrow one payment's numeric(10,2).
 */
@Entity('donation_campaigns')
@Check('ck_donation_campaigns_goal', `"goal" > 0`)
@Check('ck_donation_campaigns_raised', `"raised" >= 0`)
@Check('ck_donation_campaigns_dates', `"ends_at" IS NULL OR "ends_at" > "starts_at"`)
@Index('idx_donation_campaigns_active_starts', ['isActive', 'startsAt'])
@Index('idx_donation_campaigns_created', ['createdAt'])
export class DonationCampaign {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** Public storage key of the campaign's picture. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  imageKey: string | null;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  goal: string;

  @Column({ type: 'numeric', precision: 12, scale: 2, default: 0 })
  raised: string;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  /** Open-ended when null. */
  @Column({ type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

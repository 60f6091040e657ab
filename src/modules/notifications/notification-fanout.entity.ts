import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Progress of one notification fan-out (one message to every user of a
 * group, sent in batches by a job). The key names the message — e.g. a
 * schedule's change and version — so a job that runs again resumes after the
 * last recipient done instead of notifying anyone twice.
 */
@Entity('notification_fanouts')
export class NotificationFanout {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  /** Recipients are visited in id order; this is the last one notified. */
  @Column({ type: 'uuid', nullable: true })
  lastRecipientId: string | null;

  @Column({ type: 'int', default: 0 })
  sent: number;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

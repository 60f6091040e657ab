import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last tracking-number counter handed out on a Dhaka calendar day. Bumped
 * with INSERT … ON CONFLICT DO UPDATE … RETURNING inside the transaction that
 * creates the complaint: the row lock serialises concurrent creates of the
 * same day, and a rolled-back create gives its number back.
 */
@Entity('complaint_daily_counters')
export class ComplaintDailyCounter {
  /** YYYY-MM-DD in Asia/Dhaka. */
  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'int' })
  last: number;
}

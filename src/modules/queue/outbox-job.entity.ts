import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A queue job written in the same transaction as the change that caused it
 * (the transactional outbox). The relay hands it to Bull after the commit and
 * deletes the row; if Redis is down the row waits and nothing is lost.
 */
@Entity('outbox_jobs')
@Index('idx_outbox_jobs_created_at', ['createdAt'])
export class OutboxJob {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 50 })
  queue: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'jsonb' })
  data: unknown;

  /** Bull job id; a repeated id is deduplicated by Bull. Defaults to the row id. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  jobId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  opts: Record<string, unknown> | null;

  /** Earliest time the job may run (delayed jobs). */
  @Column({ type: 'timestamptz', nullable: true })
  runAt: Date | null;

  /** The request (or socket event) that caused the job: its log lines carry this id too. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  requestId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

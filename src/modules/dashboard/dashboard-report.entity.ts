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
import { User } from '../users/user.entity.js';
import {
  REPORT_FORMATS,
  REPORT_PERIODS,
  REPORT_STATUSES,
  type ReportFormat,
  type ReportPeriod,
  type ReportStatus,
} from './dashboard.choices.js';

/**
 * A report a staff member or admin asked for: the dashboard's figures for one
 * Dhaka calendar period, built in the background into a private PDF or XLSX
 * file that only the requester can download. The ward scope is fixed when it
 * is requested (a staff member's wards at that moment).
 */
@Entity('dashboard_reports')
@Check('ck_dashboard_reports_period', inChoices('period', REPORT_PERIODS))
@Check('ck_dashboard_reports_format', inChoices('format', REPORT_FORMATS))
@Check('ck_dashboard_reports_status', inChoices('status', REPORT_STATUSES))
@Check('ck_dashboard_reports_range', `"range_to" >= "range_from"`)
@Check('ck_dashboard_reports_done_has_file', `"status" <> 'done' OR "file_key" IS NOT NULL`)
// The requester's list, newest first, and their count of unfinished reports.
@Index('idx_dashboard_reports_requested_by_created', ['requestedById', 'createdAt'])
export class DashboardReport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  requestedById: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'requested_by_id' })
  requestedBy?: Relation<User>;

  @Column({ type: 'varchar', length: 10 })
  period: ReportPeriod;

  @Column({ type: 'varchar', length: 4 })
  format: ReportFormat;

  /** First Dhaka day covered (YYYY-MM-DD). */
  @Column({ type: 'date' })
  rangeFrom: string;

  /** Last Dhaka day covered, inclusive. */
  @Column({ type: 'date' })
  rangeTo: string;

  /** The wards counted; null = every ward. */
  @Column({ type: 'uuid', array: true, nullable: true })
  wardIds: string[] | null;

  @Column({ type: 'varchar', length: 10, default: 'queued' })
  status: ReportStatus;

  /** Private storage key of the built file. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  fileKey: string | null;

  @Column({ type: 'int', nullable: true })
  fileSize: number | null;

  /** Why it failed, in words the requester can read (details go to the log). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

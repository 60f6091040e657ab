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
  NOTICE_CATEGORIES,
  NOTICE_PRIORITIES,
  type NoticeAttachmentKind,
  type NoticeCategory,
  type NoticePriority,
} from './notice.choices.js';

/**
 * A notice from the city corporation. It is active from `publishedAt` until
 * `expiresAt` (never, when null). `allWards` is set when it was created for
 * every ward; otherwise `notice_wards` lists the wards it is meant for.
 */
@Entity('notices')
@Check('ck_notices_priority', inChoices('priority', NOTICE_PRIORITIES))
@Check('ck_notices_category', inChoices('category', NOTICE_CATEGORIES))
@Check('ck_notices_attachment_type', `"attachment_type" IS NULL OR "attachment_type" IN ('image', 'pdf')`)
@Check('ck_notices_expires_after_published', `"expires_at" IS NULL OR "expires_at" > "published_at"`)
@Index('idx_notices_published_at', ['publishedAt'])
@Index('idx_notices_expires_at', ['expiresAt'])
@Index('idx_notices_category_published_at', ['category', 'publishedAt'])
@Index('idx_notices_priority_published_at', ['priority', 'publishedAt'])
// Trigram GIN indexes for ?search= (created in the migration; TypeORM cannot declare them).
@Index('idx_notices_title_trgm', { synchronize: false })
@Index('idx_notices_content_trgm', { synchronize: false })
export class Notice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'varchar', length: 30 })
  category: NoticeCategory;

  @Column({ type: 'varchar', length: 10, default: 'normal' })
  priority: NoticePriority;

  /** Meant for every ward (created with an empty `target_wards`). */
  @Column({ type: 'boolean', default: true })
  allWards: boolean;

  @Column({ type: 'timestamptz' })
  publishedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  /** Storage key of the optional attachment (a public key: notices are public content). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  attachmentKey: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  attachmentType: NoticeAttachmentKind | null;

  /** The uploaded file's name, for display (never used as a storage path). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  attachmentName: string | null;

  @Index('idx_notices_created_by')
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: Relation<User> | null;

  /** When the urgent push to the target users finished (set once; a rerun does nothing). */
  @Column({ type: 'timestamptz', nullable: true })
  pushedAt: Date | null;

  /** The last user notified by an unfinished urgent push, so a rerun resumes after them. */
  @Column({ type: 'uuid', nullable: true })
  pushCursor: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

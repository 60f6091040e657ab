import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import type { FileKind } from '../storage/file-types.js';
import { Complaint } from './complaint.entity.js';

/**
 * The seed's ComplaintAttachment. `fileKey` is the private storage key (a
 * random name, never the client's); clients download the file through
 * GET complaints/{id}/attachments/{attachment_id}, which checks access.
 */
@Entity('complaint_attachments')
@Index('idx_complaint_attachments_complaint', ['complaintId', 'uploadedAt'])
@Check('ck_complaint_attachments_file_type', `"file_type" IN ('image', 'video', 'audio', 'pdf')`)
export class ComplaintAttachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  complaintId: string;

  @ManyToOne(() => Complaint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id' })
  complaint?: Relation<Complaint>;

  @Column({ type: 'varchar', length: 255 })
  fileKey: string;

  /** image | video | audio | pdf, decided from the file's bytes. */
  @Column({ type: 'varchar', length: 20 })
  fileType: FileKind;

  /** The content type it is served with. */
  @Column({ type: 'varchar', length: 100 })
  contentType: string;

  /** Stored size in bytes (images after re-encoding). */
  @Column({ type: 'int' })
  size: number;

  @CreateDateColumn({ type: 'timestamptz' })
  uploadedAt: Date;
}

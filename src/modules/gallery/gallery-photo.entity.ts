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
import { GALLERY_CATEGORIES, type GalleryCategory } from './gallery.choices.js';

/**
 * A photo of the city gallery. The original (re-encoded, metadata stripped)
 * is stored under a public key; the thumbnail is made by a background job
 * and `thumbnailKey` stays null until then.
 */
@Entity('gallery_photos')
@Check('ck_gallery_photos_category', inChoices('category', GALLERY_CATEGORIES))
@Check('ck_gallery_photos_view_count', `"view_count" >= 0`)
@Index('idx_gallery_photos_created_at', ['createdAt'])
@Index('idx_gallery_photos_category_created_at', ['category', 'createdAt'])
// Trigram GIN indexes for ?search= (created in the migration; TypeORM cannot declare them).
@Index('idx_gallery_photos_title_trgm', { synchronize: false })
@Index('idx_gallery_photos_description_trgm', { synchronize: false })
export class GalleryPhoto {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'varchar', length: 30 })
  category: GalleryCategory;

  @Column({ type: 'varchar', length: 200 })
  imageKey: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  thumbnailKey: string | null;

  @Column({ type: 'varchar', length: 50 })
  contentType: string;

  @Column({ type: 'int' })
  width: number;

  @Column({ type: 'int' })
  height: number;

  /** Size of the stored original, in bytes. */
  @Column({ type: 'int' })
  sizeBytes: number;

  @Column({ type: 'int', default: 0 })
  viewCount: number;

  @Index('idx_gallery_photos_uploaded_by')
  @Column({ type: 'uuid', nullable: true })
  uploadedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'uploaded_by_id' })
  uploadedBy?: Relation<User> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

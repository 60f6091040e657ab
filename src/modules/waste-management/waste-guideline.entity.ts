import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { inChoices } from '../../database/checks.js';
import { GUIDELINE_CATEGORIES, type GuidelineCategory } from './waste.choices.js';

/** A segregation / recycling / composting post. Only published ones are public. */
@Entity('waste_guidelines')
@Check('ck_waste_guidelines_category', inChoices('category', GUIDELINE_CATEGORIES))
@Index('idx_waste_guidelines_published_created', ['isPublished', 'createdAt'])
@Index('idx_waste_guidelines_category_created', ['category', 'createdAt'])
@Index('idx_waste_guidelines_created', ['createdAt'])
// Trigram GIN indexes for ?search= (created in the migration).
@Index('idx_waste_guidelines_title_trgm', { synchronize: false })
@Index('idx_waste_guidelines_content_trgm', { synchronize: false })
export class WasteGuideline {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'varchar', length: 30 })
  category: GuidelineCategory;

  /** Storage key of the illustration (public). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  imageKey: string | null;

  @Column({ type: 'boolean', default: true })
  isPublished: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

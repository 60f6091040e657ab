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
import { Ward } from '../geography/ward.entity.js';
import { EMERGENCY_CONTACT_TYPES, type EmergencyContactType } from './emergency.choices.js';

/**
 * A number to call in an emergency. National hotlines (999, 102, …) have no
 * ward and show in every ward's list; a ward's own numbers carry its ward.
 * Seeded by a migration, then managed by admins.
 */
@Entity('emergency_contacts')
@Check('ck_emergency_contacts_type', inChoices('contact_type', EMERGENCY_CONTACT_TYPES))
@Index('idx_emergency_contacts_order', ['sortOrder', 'name'])
@Index('idx_emergency_contacts_type', ['contactType'])
export class EmergencyContact {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 30 })
  contactType: EmergencyContactType;

  @Column({ type: 'varchar', length: 150 })
  name: string;

  /** The number to dial: a short code (999) or a full number, digits with an optional leading +. */
  @Column({ type: 'varchar', length: 20 })
  phone: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  /** Null for national numbers, shown in every ward. */
  @Index('idx_emergency_contacts_ward')
  @Column({ type: 'uuid', nullable: true })
  wardId: string | null;

  @ManyToOne(() => Ward, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Relation<Ward> | null;

  /** Lower first; the national emergency number is 1. */
  @Column({ type: 'int', default: 100 })
  sortOrder: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

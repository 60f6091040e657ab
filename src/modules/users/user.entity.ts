import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { Role } from '../../common/auth/roles.js';
import { Ward } from '../geography/ward.entity.js';

export type Language = 'bn' | 'en';

/**
 * The seed's custom user (phone as the username), with the contract's role
 * instead of Django's is_staff flag. `passwordHash` is never selected unless
 * asked for, and never mapped into a response.
 */
@Entity('users')
@Unique('uq_users_phone', ['phone'])
@Unique('uq_users_email', ['email'])
@Check('ck_users_role', `"role" IN ('citizen', 'staff', 'admin')`)
@Index('idx_users_role', ['role'])
@Index('idx_users_is_active', ['isActive'])
@Index('idx_users_created_at', ['createdAt'])
// Trigram GIN indexes for the admin search (created in the migration; TypeORM cannot declare them).
@Index('idx_users_name_trgm', { synchronize: false })
@Index('idx_users_phone_trgm', { synchronize: false })
@Index('idx_users_email_trgm', { synchronize: false })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 01XXXXXXXXX (longer only for anonymised accounts). */
  @Column({ type: 'varchar', length: 50 })
  phone: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** Stored lower-case; unique when present. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20, default: 'citizen' })
  role: Role;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'boolean', default: false })
  isVerified: boolean;

  @Column({ type: 'varchar', length: 255, nullable: true })
  address: string | null;

  /** The citizen's home ward. */
  @Index('idx_users_ward')
  @Column({ type: 'uuid', nullable: true })
  wardId: string | null;

  @ManyToOne(() => Ward, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Relation<Ward> | null;

  /** Wards a staff member works in (none = all wards). */
  @ManyToMany(() => Ward, (ward) => ward.staff)
  @JoinTable({
    name: 'staff_wards',
    joinColumn: { name: 'user_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'ward_id', referencedColumnName: 'id' },
  })
  wards?: Relation<Ward[]>;

  @Column({ type: 'varchar', length: 200, nullable: true })
  avatarKey: string | null;

  @Column({ type: 'varchar', length: 2, default: 'bn' })
  language: Language;

  /** Bumped when role, wards or active state change: older access tokens stop working. */
  @Column({ type: 'int', default: 0 })
  tokenVersion: number;

  /** Set when the user deactivated their own account; anonymised 30 days later. */
  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

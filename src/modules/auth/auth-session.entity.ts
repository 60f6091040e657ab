import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';

/**
 * One login: the family of refresh tokens that descend from it by rotation.
 * Revoking it ends the login everywhere (its access tokens fail the
 * revocation check; its refresh tokens are refused).
 */
@Entity('auth_sessions')
@Index('idx_auth_sessions_user', ['userId'])
@Index('idx_auth_sessions_revoked_at', ['revokedAt'])
export class AuthSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  userAgent: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastRefreshedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** logout, password_change, password_reset, refresh_replay, deactivated */
  @Column({ type: 'varchar', length: 40, nullable: true })
  revokedReason: string | null;
}

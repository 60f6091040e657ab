import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { User } from './user.entity.js';

export const DEVICE_PLATFORMS = ['android', 'ios', 'web'] as const;
export type DevicePlatform = (typeof DEVICE_PLATFORMS)[number];

/** A push token (FCM registration token) of one of the user's devices. */
@Entity('user_devices')
@Unique('uq_user_devices_token', ['token'])
@Check('ck_user_devices_platform', `"platform" IN ('android', 'ios', 'web')`)
export class UserDevice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_user_devices_user')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 512 })
  token: string;

  @Column({ type: 'varchar', length: 10 })
  platform: DevicePlatform;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Last time the app registered this token. */
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

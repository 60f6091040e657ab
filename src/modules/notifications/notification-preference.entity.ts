import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { inChoices } from '../../database/checks.js';
import { User } from '../users/user.entity.js';
import { NOTIFICATION_CATEGORY_CHOICES } from './notification.choices.js';
import type { NotificationCategory } from './notification.entity.js';

/**
 * A user's choice of channels for one category. Only categories the user has
 * changed have a row: no row means SMS and push are on. The in-app list is
 * not a channel here: it always records everything. Payment and account
 * messages cannot be turned off (checked by the API and by the table).
 */
@Entity('notification_preferences')
@Check('ck_notification_preferences_category', inChoices('category', NOTIFICATION_CATEGORY_CHOICES))
@Check('ck_notification_preferences_always_on', `"category" NOT IN ('payment', 'account') OR ("sms" AND "push")`)
export class NotificationPreference {
  /** The primary key (user_id, category) is also the index of notify()'s lookup. */
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  category: NotificationCategory;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'boolean', default: true })
  sms: boolean;

  @Column({ type: 'boolean', default: true })
  push: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

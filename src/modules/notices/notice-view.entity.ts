import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';
import { Notice } from './notice.entity.js';

/** A user opened a notice (one row per user and notice: the read state). */
@Entity('notice_views')
@Index('idx_notice_views_user', ['userId'])
export class NoticeView {
  @PrimaryColumn('uuid')
  noticeId: string;

  @PrimaryColumn('uuid')
  userId: string;

  @ManyToOne(() => Notice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notice_id' })
  notice?: Relation<Notice>;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  viewedAt: Date;
}

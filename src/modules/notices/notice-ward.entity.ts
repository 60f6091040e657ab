import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Ward } from '../geography/ward.entity.js';
import { Notice } from './notice.entity.js';

/**
 * A ward a notice is meant for. A join table rather than a uuid[] column:
 * the foreign key keeps targets real wards (deleting a ward drops its rows),
 * and the (ward_id, notice_id) index answers "notices for my ward".
 */
@Entity('notice_wards')
@Index('idx_notice_wards_ward', ['wardId', 'noticeId'])
export class NoticeWard {
  @PrimaryColumn('uuid')
  noticeId: string;

  @PrimaryColumn('uuid')
  wardId: string;

  @ManyToOne(() => Notice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notice_id' })
  notice?: Relation<Notice>;

  @ManyToOne(() => Ward, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Relation<Ward>;
}

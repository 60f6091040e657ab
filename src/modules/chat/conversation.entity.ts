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
  type Relation,
} from 'typeorm';
import { inChoices } from '../../database/checks.js';
import { Complaint } from '../complaints/complaint.entity.js';
import { Ward } from '../geography/ward.entity.js';
import { User } from '../users/user.entity.js';
import { CONVERSATION_TYPES, type ConversationType } from './chat.choices.js';

/**
 * A chat thread between one citizen and the city's staff: the citizen's
 * support thread (one per citizen) or a complaint's thread (one per complaint,
 * between its owner and the staff who may see it).
 *
 * `wardId` decides which staff are on the other side (staff of that ward,
 * staff without wards, admins — the complaints' visibility rule). It mirrors
 * the complaint's ward (complaint threads) or the citizen's home ward (support
 * threads); triggers created in the migration keep it in step when either
 * changes, so a complaint handed over to another ward takes its thread along.
 */
@Entity('conversations')
@Check('ck_conversations_type', inChoices('type', CONVERSATION_TYPES))
@Check('ck_conversations_complaint', `("type" = 'complaint') = ("complaint_id" IS NOT NULL)`)
@Unique('uq_conversations_complaint', ['complaintId'])
// One support thread per citizen.
@Index('uq_conversations_support_citizen', ['citizenId'], { unique: true, where: `"type" = 'support'` })
// A citizen's list; staff lists by ward; the ?type= filter; admins' list.
@Index('idx_conversations_citizen_last_message', ['citizenId', 'lastMessageAt'])
@Index('idx_conversations_ward_last_message', ['wardId', 'lastMessageAt'])
@Index('idx_conversations_type_last_message', ['type', 'lastMessageAt'])
@Index('idx_conversations_last_message', ['lastMessageAt'])
@Index('idx_conversations_created_at', ['createdAt'])
export class Conversation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 20 })
  type: ConversationType;

  /** The citizen side: the support thread's citizen, or the complaint's owner. */
  @Column({ type: 'uuid' })
  citizenId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'citizen_id' })
  citizen?: Relation<User>;

  @Column({ type: 'uuid', nullable: true })
  complaintId: string | null;

  @ManyToOne(() => Complaint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id' })
  complaint?: Relation<Complaint> | null;

  /** The ward whose staff answer (kept in step by triggers; null: only city-wide staff and admins). */
  @Column({ type: 'uuid', nullable: true })
  wardId: string | null;

  @ManyToOne(() => Ward, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Relation<Ward> | null;

  /** When the newest message was written; null while the thread is empty. */
  @Column({ type: 'timestamptz', nullable: true })
  lastMessageAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

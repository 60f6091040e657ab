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
import type { FileKind } from '../storage/file-types.js';
import { User } from '../users/user.entity.js';
import { Conversation } from './conversation.entity.js';

/** Longest message text, in characters. */
export const MAX_MESSAGE_LENGTH = 4000;

/**
 * One message of a conversation (the seed's ChatMessage): text, an uploaded
 * file, or both.
 *
 * Read state is kept per side, not per person: a message is read (`readAt`)
 * once anyone on the other side has read it — the citizen for staff messages;
 * any staff member who covers the thread (a shared inbox) for the citizen's.
 * Unread counts are the other side's messages with `readAt` null (a partial
 * index keeps them cheap).
 *
 * `clientId` is the sender's own id for a message; a retry with the same one
 * returns the first message instead of storing a second.
 */
@Entity('chat_messages')
@Unique('uq_chat_messages_sender_client', ['senderId', 'clientId'])
@Check('ck_chat_messages_content', `"message" <> '' OR "attachment_key" IS NOT NULL`)
@Check('ck_chat_messages_attachment_type', `"attachment_type" IN ('image', 'video', 'audio', 'pdf')`)
// History, newest first, with a (created_at, id) cursor.
@Index('idx_chat_messages_conversation_created', ['conversationId', 'createdAt', 'id'])
// Unread counts per side. (The sender's own lookups use uq_chat_messages_sender_client.)
@Index('idx_chat_messages_unread', ['conversationId', 'senderId'], { where: '"read_at" IS NULL' })
@Index('idx_chat_messages_receiver', ['receiverId'])
export class ChatMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  conversationId: string;

  @ManyToOne(() => Conversation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id' })
  conversation?: Relation<Conversation>;

  @Column({ type: 'uuid' })
  senderId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sender_id' })
  sender?: Relation<User>;

  /** The person it is addressed to; null for a citizen's message to the staff inbox. */
  @Column({ type: 'uuid', nullable: true })
  receiverId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'receiver_id' })
  receiver?: Relation<User> | null;

  /** The text; empty when the message is only a file. */
  @Column({ type: 'varchar', length: MAX_MESSAGE_LENGTH, default: '' })
  message: string;

  /** Private storage key of the attached file (never the client's file name). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  attachmentKey: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  attachmentType: FileKind | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  attachmentContentType: string | null;

  /** Bytes, as stored (images after re-encoding). */
  @Column({ type: 'int', nullable: true })
  attachmentSize: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  clientId: string | null;

  /** When the other side read it. */
  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

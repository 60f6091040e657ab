import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import type { PageWindow } from '../../common/pagination/pagination.js';
import type { FileKind } from '../storage/file-types.js';
import type { ConversationType } from './chat.choices.js';
import type { ConversationParties } from './chat.rules.js';
import type { ConversationView, MessageView } from './chat.mapper.js';
import type { ConversationQuery } from './dto/chat.dto.js';

/** A conversation row as access checks need it. */
export interface ConversationRow extends ConversationParties {
  type: ConversationType;
  complaintId: string | null;
  lastMessageAt: Date | null;
}

interface RawMessage {
  id: string;
  conversation_id: string;
  message: string;
  sender_id: string;
  sender_name: string;
  receiver_id: string | null;
  created_at: Date;
  read_at: Date | null;
  client_id: string | null;
  attachment_key: string | null;
  attachment_type: FileKind | null;
  attachment_content_type: string | null;
  attachment_size: number | null;
}

const MESSAGE_COLUMNS = `m.id, m.conversation_id, m.message, m.sender_id, su.name AS sender_name, m.receiver_id,
  m.created_at, m.read_at, m.client_id, m.attachment_key, m.attachment_type, m.attachment_content_type, m.attachment_size`;

/** The newest message of conversation `cv`, its columns prefixed `lm_` (one index probe per row). */
const LAST_MESSAGE = `LEFT JOIN LATERAL (
    SELECT m.id AS lm_id, m.conversation_id AS lm_conversation_id, m.message AS lm_message, m.sender_id AS lm_sender_id,
           su.name AS lm_sender_name, m.receiver_id AS lm_receiver_id, m.created_at AS lm_created_at,
           m.read_at AS lm_read_at, m.client_id AS lm_client_id, m.attachment_key AS lm_attachment_key,
           m.attachment_type AS lm_attachment_type, m.attachment_content_type AS lm_attachment_content_type,
           m.attachment_size AS lm_attachment_size
      FROM chat_messages m JOIN users su ON su.id = m.sender_id
     WHERE m.conversation_id = cv.id
     ORDER BY m.created_at DESC, m.id DESC
     LIMIT 1) lm ON true`;

const ORDER_BY: Record<NonNullable<ConversationQuery['ordering']>, string> = {
  '-last_message_at': 'cv.last_message_at DESC NULLS LAST, cv.created_at DESC, cv.id DESC',
  last_message_at: 'cv.last_message_at ASC NULLS LAST, cv.created_at ASC, cv.id ASC',
  '-created_at': 'cv.created_at DESC, cv.id DESC',
  created_at: 'cv.created_at ASC, cv.id ASC',
};

/** Positional SQL parameters, added as they are used. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The chat's SQL. Lists cost two statements whatever their size (a count,
 * then the page with each row's last message and unread count); a message
 * is written under its conversation's row lock, so the messages of one
 * conversation are stored in the order they commit (what `after=` polling
 * relies on).
 */
@Injectable()
export class ChatRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // --- conversations ---------------------------------------------------------------------

  findConversation(id: string, manager: EntityManager = this.dataSource.manager): Promise<ConversationRow | null> {
    return this.conversationWhere(manager, 'id = $1', [id]);
  }

  /** The conversation, locked until the end of `manager`'s transaction. */
  lockConversation(manager: EntityManager, id: string): Promise<ConversationRow | null> {
    return this.conversationWhere(manager, 'id = $1 FOR UPDATE', [id]);
  }

  /** The citizen's support thread, created (in their home ward) on first use; concurrent first uses get the same one. */
  async supportConversation(citizenId: string): Promise<ConversationRow | null> {
    const where = `citizen_id = $1 AND type = 'support'`;
    const existing = await this.conversationWhere(this.dataSource.manager, where, [citizenId]);
    if (existing) return existing;
    await this.dataSource.query(
      `INSERT INTO conversations (type, citizen_id, ward_id)
       SELECT 'support', u.id, u.ward_id FROM users u WHERE u.id = $1
       ON CONFLICT (citizen_id) WHERE type = 'support' DO NOTHING`,
      [citizenId],
    );
    return this.conversationWhere(this.dataSource.manager, where, [citizenId]);
  }

  /** A complaint's thread (its owner and ward), created on first use. */
  async complaintConversation(complaintId: string): Promise<ConversationRow | null> {
    const existing = await this.conversationWhere(this.dataSource.manager, 'complaint_id = $1', [complaintId]);
    if (existing) return existing;
    await this.dataSource.query(
      `INSERT INTO conversations (type, citizen_id, complaint_id, ward_id)
       SELECT 'complaint', c.user_id, c.id, c.ward_id FROM complaints c WHERE c.id = $1
       ON CONFLICT ON CONSTRAINT uq_conversations_complaint DO NOTHING`,
      [complaintId],
    );
    return this.conversationWhere(this.dataSource.manager, 'complaint_id = $1', [complaintId]);
  }

  /** One page of the conversations `viewer` takes part in: a count, then the page. */
  async findPage(
    viewer: AuthUser,
    query: ConversationQuery,
    window: PageWindow,
  ): Promise<{ rows: ConversationView[]; count: number }> {
    const params = new Params();
    const where = this.listConditions(viewer, query, params);
    const [{ count }]: Array<{ count: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM conversations cv WHERE ${where}`,
      params.values,
    );
    if (count <= window.offset) return { rows: [], count };
    const order = ORDER_BY[query.ordering ?? '-last_message_at'];
    const limit = params.add(window.pageSize);
    const offset = params.add(window.offset);
    const me = params.add(viewer.id);
    const rows = await this.readViews(`WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`, me, params.values);
    return { rows, count };
  }

  /** One conversation with its last message and `viewer`'s unread count (no access check). */
  async findView(viewer: AuthUser, id: string): Promise<ConversationView | null> {
    const [view] = await this.readViews('WHERE cv.id = $2', '$1', [viewer.id, id]);
    return view ?? null;
  }

  // --- messages ------------------------------------------------------------------------------------

  findMessage(conversationId: string, messageId: string): Promise<MessageView | null> {
    return this.messageWhere(this.dataSource.manager, 'm.id = $1 AND m.conversation_id = $2', [messageId, conversationId]);
  }

  /** The message `senderId` sent earlier with `clientId`, if any. */
  findByClientId(
    senderId: string,
    clientId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<MessageView | null> {
    return this.messageWhere(manager, 'm.sender_id = $1 AND m.client_id = $2', [senderId, clientId]);
  }

  /**
   * History around a cursor: `before` → the `limit` messages older than it,
   * newest first; `after` → the `limit` messages newer than it, oldest first;
   * neither → the newest `limit`, newest first. A cursor is a message's
   * (created_at, id) or an instant.
   */
  async findHistory(
    conversationId: string,
    cursor: { direction: 'before' | 'after'; at: Date; id?: string } | null,
    limit: number,
  ): Promise<MessageView[]> {
    const params = new Params();
    const conditions = [`m.conversation_id = ${params.add(conversationId)}`];
    const backwards = cursor?.direction !== 'after';
    if (cursor) {
      const op = backwards ? '<' : '>';
      conditions.push(
        cursor.id
          ? `(m.created_at, m.id) ${op} (${params.add(cursor.at)}::timestamptz, ${params.add(cursor.id)}::uuid)`
          : `m.created_at ${op} ${params.add(cursor.at)}`,
      );
    }
    const direction = backwards ? 'DESC' : 'ASC';
    const rows: RawMessage[] = await this.dataSource.query(
      `SELECT ${MESSAGE_COLUMNS} FROM chat_messages m JOIN users su ON su.id = m.sender_id
        WHERE ${conditions.join(' AND ')}
        ORDER BY m.created_at ${direction}, m.id ${direction}
        LIMIT ${params.add(limit)}`,
      params.values,
    );
    return rows.map(toMessageView);
  }

  /**
   * Stores a message in a conversation the caller has locked. Its time is
   * the database clock in milliseconds (what the API shows, so a timestamp
   * cursor matches exactly), and always after the conversation's previous
   * message. A repeated (sender, client_id) stores nothing: null.
   */
  async insertMessage(
    manager: EntityManager,
    input: {
      conversationId: string;
      senderId: string;
      receiverId: string | null;
      message: string;
      clientId: string | null;
      attachment: { key: string; type: FileKind; contentType: string; size: number } | null;
    },
  ): Promise<{ id: string; createdAt: Date } | null> {
    const a = input.attachment;
    const rows: Array<{ id: string; created_at: Date }> = await manager.query(
      `INSERT INTO chat_messages (conversation_id, sender_id, receiver_id, message, client_id,
                                  attachment_key, attachment_type, attachment_content_type, attachment_size, created_at)
       SELECT cv.id, $2, $3, $4, $5, $6, $7, $8, $9,
              GREATEST(date_trunc('milliseconds', clock_timestamp()), cv.last_message_at + interval '1 millisecond')
         FROM conversations cv WHERE cv.id = $1
       ON CONFLICT ON CONSTRAINT uq_chat_messages_sender_client DO NOTHING
       RETURNING id, created_at`,
      [
        input.conversationId,
        input.senderId,
        input.receiverId,
        input.message,
        input.clientId,
        a?.key ?? null,
        a?.type ?? null,
        a?.contentType ?? null,
        a?.size ?? null,
      ],
    );
    if (!rows[0]) return null;
    await manager.query('UPDATE conversations SET last_message_at = $2 WHERE id = $1', [
      input.conversationId,
      rows[0].created_at,
    ]);
    return { id: rows[0].id, createdAt: rows[0].created_at };
  }

  /**
   * Marks the other side's unread messages read (all, or up to and including
   * a message's position). `citizenSideRead`: the citizen is reading, so
   * staff messages are marked; otherwise the citizen's are.
   */
  async markRead(
    manager: EntityManager,
    c: ConversationParties,
    citizenSideRead: boolean,
    upTo: { at: Date; id: string } | null,
    at: Date,
  ): Promise<number> {
    const params = new Params();
    const conditions = [
      `conversation_id = ${params.add(c.id)}`,
      'read_at IS NULL',
      `sender_id ${citizenSideRead ? '<>' : '='} ${params.add(c.citizenId)}`,
    ];
    if (upTo) conditions.push(`(created_at, id) <= (${params.add(upTo.at)}::timestamptz, ${params.add(upTo.id)}::uuid)`);
    const [, count]: [unknown, number] = await manager.query(
      `UPDATE chat_messages SET read_at = ${params.add(at)} WHERE ${conditions.join(' AND ')}`,
      params.values,
    );
    return count;
  }

  async userName(userId: string, manager: EntityManager = this.dataSource.manager): Promise<string> {
    const rows: Array<{ name: string }> = await manager.query('SELECT name FROM users WHERE id = $1', [userId]);
    return rows[0]?.name ?? '';
  }

  // --- helpers -------------------------------------------------------------------------------

  private async conversationWhere(manager: EntityManager, where: string, values: unknown[]): Promise<ConversationRow | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT id, type, citizen_id, complaint_id, ward_id, last_message_at FROM conversations WHERE ${where}`,
      values,
    );
    return rows[0] ? toConversationRow(rows[0]) : null;
  }

  private async messageWhere(manager: EntityManager, where: string, values: unknown[]): Promise<MessageView | null> {
    const rows: RawMessage[] = await manager.query(
      `SELECT ${MESSAGE_COLUMNS} FROM chat_messages m JOIN users su ON su.id = m.sender_id WHERE ${where}`,
      values,
    );
    return rows[0] ? toMessageView(rows[0]) : null;
  }

  /**
   * Who sees what: citizens their threads; staff their wards' threads (all
   * wards without any) and admins all — in both cases only threads that have
   * a message, plus any thread of their own.
   */
  private listConditions(viewer: AuthUser, query: ConversationQuery, params: Params): string {
    const me = params.add(viewer.id);
    const conditions: string[] = [];
    if (viewer.role === 'citizen') conditions.push(`cv.citizen_id = ${me}`);
    else if (viewer.role === 'staff' && viewer.wardIds.length > 0) {
      conditions.push(
        `(cv.citizen_id = ${me} OR (cv.ward_id = ANY(${params.add(viewer.wardIds)}::uuid[]) AND cv.last_message_at IS NOT NULL))`,
      );
    } else conditions.push(`(cv.citizen_id = ${me} OR cv.last_message_at IS NOT NULL)`);
    if (query.type) conditions.push(`cv.type = ${params.add(query.type)}`);
    if (query.complaint) conditions.push(`cv.complaint_id = ${params.add(query.complaint)}`);
    if (query.ward) conditions.push(`cv.ward_id = ${params.add(query.ward)}`);
    return conditions.join(' AND ');
  }

  /** Conversations with citizen name, last message and unread count for the viewer `me` (a parameter reference). */
  private async readViews(tail: string, me: string, values: unknown[]): Promise<ConversationView[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT cv.id, cv.type, cv.citizen_id, cu.name AS citizen_name, cv.complaint_id, cv.ward_id,
              cv.last_message_at, cv.created_at,
              (SELECT count(*)::int FROM chat_messages um
                WHERE um.conversation_id = cv.id AND um.read_at IS NULL
                  AND (um.sender_id = cv.citizen_id) = (cv.citizen_id <> ${me}::uuid)) AS unread_count,
              lm.*
         FROM conversations cv
         JOIN users cu ON cu.id = cv.citizen_id
         ${LAST_MESSAGE}
         ${tail}`,
      values,
    );
    return rows.map((r) => ({
      ...toConversationRow(r),
      citizenName: r.citizen_name as string,
      createdAt: r.created_at as Date,
      unreadCount: r.unread_count as number,
      lastMessage: r.lm_id ? toMessageView(unprefixed(r, 'lm_') as unknown as RawMessage) : null,
    }));
  }
}

function toConversationRow(r: Record<string, unknown>): ConversationRow {
  return {
    id: r.id as string,
    type: r.type as ConversationType,
    citizenId: r.citizen_id as string,
    complaintId: (r.complaint_id as string | null) ?? null,
    wardId: (r.ward_id as string | null) ?? null,
    lastMessageAt: (r.last_message_at as Date | null) ?? null,
  };
}

function toMessageView(r: RawMessage): MessageView {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    message: r.message,
    senderId: r.sender_id,
    senderName: r.sender_name,
    receiverId: r.receiver_id,
    createdAt: r.created_at,
    readAt: r.read_at,
    clientId: r.client_id,
    attachmentKey: r.attachment_key,
    attachmentType: r.attachment_type,
    attachmentContentType: r.attachment_content_type,
    attachmentSize: r.attachment_size,
  };
}

function unprefixed(row: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  return out;
}

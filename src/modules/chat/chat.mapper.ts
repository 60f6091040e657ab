import { toIso } from '../../common/time/dhaka-time.js';
import type { FileKind } from '../storage/file-types.js';
import type { ConversationType } from './chat.choices.js';
import type { Side } from './chat.rules.js';
import type { ChatMessageResponse, ChatReadResponse, ConversationResponse } from './dto/chat.response.js';

/** The API root the attachment paths hang off (app.factory's API_PREFIX; not imported, to keep the module graph acyclic). */
const API_ROOT = '/api/v1';

/** A message with its sender's name, as the repository reads it. */
export interface MessageView {
  id: string;
  conversationId: string;
  message: string;
  senderId: string;
  senderName: string;
  receiverId: string | null;
  createdAt: Date;
  readAt: Date | null;
  clientId: string | null;
  attachmentKey: string | null;
  attachmentType: FileKind | null;
  attachmentContentType: string | null;
  attachmentSize: number | null;
}

/** A conversation with what its list shows: the citizen's name, the last message, the caller's unread count. */
export interface ConversationView {
  id: string;
  type: ConversationType;
  citizenId: string;
  citizenName: string;
  complaintId: string | null;
  wardId: string | null;
  lastMessageAt: Date | null;
  createdAt: Date;
  unreadCount: number;
  lastMessage: MessageView | null;
}

export const attachmentPath = (conversationId: string, messageId: string): string =>
  `${API_ROOT}/chat/conversations/${conversationId}/messages/${messageId}/attachment`;

export function mapMessage(m: MessageView): ChatMessageResponse {
  return {
    id: m.id,
    conversation_id: m.conversationId,
    message: m.message,
    sender_id: m.senderId,
    sender_name: m.senderName,
    receiver_id: m.receiverId,
    timestamp: toIso(m.createdAt),
    is_read: m.readAt !== null,
    read_at: toIso(m.readAt),
    client_id: m.clientId,
    attachment:
      m.attachmentKey && m.attachmentType
        ? {
            url: attachmentPath(m.conversationId, m.id),
            file_type: m.attachmentType,
            content_type: m.attachmentContentType ?? 'application/octet-stream',
            size: m.attachmentSize ?? 0,
          }
        : null,
  };
}

export function mapConversation(c: ConversationView): ConversationResponse {
  return {
    id: c.id,
    type: c.type,
    citizen: c.citizenId,
    citizen_name: c.citizenName,
    complaint: c.complaintId,
    ward: c.wardId,
    last_message: c.lastMessage ? mapMessage(c.lastMessage) : null,
    unread_count: c.unreadCount,
    last_message_at: toIso(c.lastMessageAt),
    created_at: toIso(c.createdAt),
  };
}

export function mapReadReceipt(conversationId: string, readerId: string, side: Side, marked: number, at: Date): ChatReadResponse {
  return { conversation_id: conversationId, reader_id: readerId, side, marked_read: marked, read_at: toIso(at) };
}

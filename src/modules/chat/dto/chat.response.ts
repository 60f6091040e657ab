import { ApiProperty } from '@nestjs/swagger';
import { choiceValues } from '../../../common/choices.js';
import { CONVERSATION_TYPES } from '../chat.choices.js';

export class ChatAttachmentResponse {
  /** Download path under the API root (send the bearer token): /api/v1/chat/conversations/{id}/messages/{message_id}/attachment. */
  url: string;
  @ApiProperty({ enum: ['image', 'video', 'audio', 'pdf'] })
  file_type: string;
  /** The content type it is served with, e.g. image/jpeg. */
  content_type: string;
  /** Bytes. */
  size: number;
}

/** A stored message: the REST shape, the `send_message` acknowledgement and the `chat_message` event. */
export class ChatMessageResponse {
  id: string;
  @ApiProperty({ format: 'uuid' })
  conversation_id: string;
  /** The text ('' when the message is only a file). */
  message: string;
  @ApiProperty({ format: 'uuid' })
  sender_id: string;
  sender_name: string;
  /** Who it is for; null for a citizen's message to the staff inbox. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  receiver_id: string | null;
  /** When it was stored (ISO 8601, Dhaka time). */
  @ApiProperty({ format: 'date-time' })
  timestamp: string;
  /** Whether the other side has read it. */
  is_read: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  read_at: string | null;
  /** The sender's own id for the message, if they gave one. */
  @ApiProperty({ type: String, nullable: true })
  client_id: string | null;
  @ApiProperty({ type: ChatAttachmentResponse, nullable: true })
  attachment: ChatAttachmentResponse | null;
}

export class ConversationResponse {
  id: string;
  @ApiProperty({ enum: choiceValues(CONVERSATION_TYPES) })
  type: string;
  /** The citizen's id (the support thread's citizen, or the complaint's owner). */
  @ApiProperty({ format: 'uuid' })
  citizen: string;
  citizen_name: string;
  /** The complaint of a complaint thread. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  complaint: string | null;
  /** The ward whose staff answer. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  ward: string | null;
  @ApiProperty({ type: ChatMessageResponse, nullable: true })
  last_message: ChatMessageResponse | null;
  /** The other side's messages the caller's side has not read. */
  @ApiProperty({ type: 'integer' })
  unread_count: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_message_at: string | null;
  created_at: string;
}

/** A page of history. `next` continues in the same direction (older for `before`, newer for `after`). */
export class ChatMessagePageResponse {
  @ApiProperty({ type: String, format: 'uri', nullable: true })
  next: string | null;
  @ApiProperty({ type: [ChatMessageResponse] })
  results: ChatMessageResponse[];
}

/** A read receipt: the REST answer, the `mark_read` acknowledgement and the `chat_read` event. */
export class ChatReadResponse {
  @ApiProperty({ format: 'uuid' })
  conversation_id: string;
  @ApiProperty({ format: 'uuid' })
  reader_id: string;
  /** The side that read: messages of the other side are now read. */
  @ApiProperty({ enum: ['citizen', 'staff'] })
  side: string;
  /** How many messages this marked read. */
  @ApiProperty({ type: 'integer' })
  marked_read: number;
  @ApiProperty({ format: 'date-time' })
  read_at: string;
}

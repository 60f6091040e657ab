import { DomainEvent } from '../../common/events/domain-event.js';
import type { ChatMessageResponse, ChatReadResponse } from './dto/chat.response.js';
import type { ConversationParties } from './chat.rules.js';

/** A message was stored. Listeners deliver it to the other side after the commit. */
export class ChatMessageSent extends DomainEvent {
  static readonly eventName = 'chat.message_sent';
  readonly eventName = ChatMessageSent.eventName;

  constructor(
    readonly conversation: ConversationParties,
    /** The stored message, as every client receives it. */
    readonly message: ChatMessageResponse,
    /** The socket it came from, which has its acknowledgement and needs no copy. */
    readonly originSocketId: string | null,
  ) {
    super();
  }
}

/** One side read the other side's messages. */
export class ChatMessagesRead extends DomainEvent {
  static readonly eventName = 'chat.messages_read';
  readonly eventName = ChatMessagesRead.eventName;

  constructor(
    readonly conversation: ConversationParties,
    readonly receipt: ChatReadResponse,
  ) {
    super();
  }
}

import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../../../common/events/domain-event.js';
import type { UnitOfWork } from '../../../database/unit-of-work.js';
import { ChatMessageSent, ChatMessagesRead } from '../../chat/chat.events.js';
import { excerpt, messageRooms, readReceiptRooms } from '../../chat/chat.rules.js';
import { OutboxService } from '../../queue/outbox.service.js';
import { RETRY_AFTER_BACKOFF } from '../../queue/retry-later.js';
import { RealtimePublisher } from '../../realtime/realtime.publisher.js';
import { NotificationPreferencesService, recipientKey } from '../notification-preferences.service.js';
import { render } from '../templates.js';

/** Socket event carrying a new message (SPEC: `chat_message`). */
export const CHAT_MESSAGE_EVENT = 'chat_message';
/** Socket event carrying a read receipt. */
export const CHAT_READ_EVENT = 'chat_read';

/**
 * Delivers chat messages and read receipts after the commit, through Redis
 * to whichever instance the receivers are connected to (chat.rules decides
 * the rooms). A staff reply also goes to the citizen's phone as a push
 * notification (unless they turned chat pushes off), so it reaches them when
 * the app is closed; there is no in-app notification row per message — the
 * conversation list's unread counts are the in-app signal.
 */
@Injectable()
export class ChatListener {
  constructor(
    private readonly realtime: RealtimePublisher,
    private readonly outbox: OutboxService,
    private readonly preferences: NotificationPreferencesService,
  ) {}

  @OnDomainEvent(ChatMessageSent.eventName)
  async onChatMessageSent(event: ChatMessageSent, uow: UnitOfWork): Promise<void> {
    const { conversation, message } = event;
    const rooms = messageRooms(conversation, message.sender_id, message.receiver_id);
    const except = event.originSocketId ? [event.originSocketId] : [];
    uow.afterCommit(() => this.realtime.toRooms(rooms, CHAT_MESSAGE_EVENT, message, except));
    if (message.sender_id === conversation.citizenId) return;
    const wanted = { userId: conversation.citizenId, category: 'chat' as const };
    const citizen = (await this.preferences.recipients(uow.manager, [wanted])).get(recipientKey(wanted.userId, wanted.category));
    if (!citizen?.isActive || !citizen.push) return;
    const text = render('chatMessage', citizen.language, {
      sender: message.sender_name,
      excerpt: excerpt(message.message, message.attachment !== null),
    });
    await this.outbox.enqueue(
      uow,
      'sendPush',
      {
        userId: conversation.citizenId,
        title: text.title,
        body: text.body,
        data: { conversation_id: conversation.id, message_id: message.id },
        category: 'chat',
      },
      { backoff: RETRY_AFTER_BACKOFF },
    );
  }

  @OnDomainEvent(ChatMessagesRead.eventName)
  onChatMessagesRead(event: ChatMessagesRead, uow: UnitOfWork): void {
    const rooms = readReceiptRooms(event.conversation);
    uow.afterCommit(() => this.realtime.toRooms(rooms, CHAT_READ_EVENT, event.receipt));
  }
}

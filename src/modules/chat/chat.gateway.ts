import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayConnection } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { callerOf, type AuthUser } from '../../common/auth/auth-user.js';
import { toErrorResponse } from '../../common/http/error-response.js';
import { runWithRequestContext, type RequestContext } from '../../common/http/request-context.js';
import type { AuthedSocket } from '../realtime/realtime.gateway.js';
import { REALTIME_NAMESPACE } from '../realtime/realtime.publisher.js';
import { conversationRoomPrefix, inboxRoomsOf, TokenBucket } from './chat.rules.js';
import { ChatService } from './chat.service.js';
import { ConversationRefDto, MarkChatReadEventDto, SendChatMessageDto } from './dto/chat.dto.js';
import type { ChatMessageResponse, ChatReadResponse } from './dto/chat.response.js';
import { parsePayload } from './ws-payload.js';

/** Events a socket may send at once, and how fast that allowance comes back. */
export const SOCKET_EVENT_BURST = 20;
export const SOCKET_EVENTS_PER_SECOND = 2;

/** The payload of the `error` event (and of a failed acknowledgement, as `{error}`). */
export interface ChatErrorEvent {
  /** The client event that failed. */
  event: string;
  /** The `client_id` of a failed send_message, so the app knows which message. */
  client_id: string | null;
  /** `{detail: "..."}` or DRF field errors `{"message": ["..."]}`. */
  error: Record<string, unknown>;
}

/**
 * The chat's socket events on the `/chat` namespace (RealtimeGateway does the
 * handshake, rooms `user:<id>`/`staff`, expiry and idle closing):
 *
 * - `send_message` `{message, conversation_id?, receiver_id?, client_id?}` →
 *   acknowledged after the commit with the stored message; the other side
 *   gets `chat_message`.
 * - `join_conversation` / `leave_conversation` `{conversation_id}` → follow a
 *   thread live (every message and read receipt of it); refused for anyone
 *   who does not take part.
 * - `mark_read` `{conversation_id, up_to?}` → acknowledged with the receipt;
 *   the other side gets `chat_read`.
 *
 * A failure never closes the socket: the acknowledgement (if the client asked
 * for one) is `{error}`, and the socket also gets an `error` event. Each
 * socket may send SOCKET_EVENT_BURST events at once, refilled at
 * SOCKET_EVENTS_PER_SECOND; past that events are dropped with an `error`
 * event. Staff sockets also join their wards' inbox rooms here.
 */
@WebSocketGateway({ namespace: REALTIME_NAMESPACE })
export class ChatGateway implements OnGatewayConnection {
  private readonly logger = new Logger(ChatGateway.name);

  constructor(private readonly chat: ChatService) {}

  handleConnection(socket: AuthedSocket): void {
    const user = socket.data.user;
    if (!user) return;
    const inbox = inboxRoomsOf(user);
    if (inbox.length) void socket.join(inbox);
    const bucket = new TokenBucket(SOCKET_EVENT_BURST, SOCKET_EVENTS_PER_SECOND);
    (socket as Socket).use(([event, ...args], next) => {
      if (bucket.take()) return next();
      const ack = args.at(-1);
      const error = { detail: 'Too many messages. Slow down and try again in a moment.' };
      this.report(socket, String(event), args[0], error);
      if (typeof ack === 'function') (ack as (response: unknown) => void)({ error });
    });
  }

  @SubscribeMessage('send_message')
  sendMessage(
    @ConnectedSocket() socket: AuthedSocket,
    @MessageBody() payload: unknown,
  ): Promise<ChatMessageResponse | { error: object }> {
    return this.handle(socket, 'send_message', payload, async (user) => {
      const dto = await parsePayload(SendChatMessageDto, payload);
      return this.chat.send(user, dto, null, socket.id);
    });
  }

  @SubscribeMessage('join_conversation')
  joinConversation(
    @ConnectedSocket() socket: AuthedSocket,
    @MessageBody() payload: unknown,
  ): Promise<{ conversation_id: string; joined: boolean } | { error: object }> {
    return this.handle(socket, 'join_conversation', payload, async (user) => {
      const dto = await parsePayload(ConversationRefDto, payload);
      const room = await this.chat.joinRoom(user, dto.conversation_id);
      await socket.join(room);
      return { conversation_id: dto.conversation_id, joined: true };
    });
  }

  @SubscribeMessage('leave_conversation')
  leaveConversation(
    @ConnectedSocket() socket: AuthedSocket,
    @MessageBody() payload: unknown,
  ): Promise<{ conversation_id: string; joined: boolean } | { error: object }> {
    return this.handle(socket, 'leave_conversation', payload, async () => {
      const dto = await parsePayload(ConversationRefDto, payload);
      const prefix = conversationRoomPrefix(dto.conversation_id);
      await Promise.all([...socket.rooms].filter((room) => room.startsWith(prefix)).map((room) => socket.leave(room)));
      return { conversation_id: dto.conversation_id, joined: false };
    });
  }

  @SubscribeMessage('mark_read')
  markRead(
    @ConnectedSocket() socket: AuthedSocket,
    @MessageBody() payload: unknown,
  ): Promise<ChatReadResponse | { error: object }> {
    return this.handle(socket, 'mark_read', payload, async (user) => {
      const dto = await parsePayload(MarkChatReadEventDto, payload);
      return this.chat.markRead(user, dto.conversation_id, dto.up_to);
    });
  }

  /**
   * Runs an event's work as its own request: a fresh request id (in its log
   * line, in the jobs it causes and in the audit log, through the caller's
   * origin) and one log line per event, like an HTTP request's. A failure
   * becomes `{error}` for the acknowledgement plus an `error` event.
   */
  private handle<T>(
    socket: AuthedSocket,
    event: string,
    payload: unknown,
    work: (user: AuthUser) => Promise<T>,
  ): Promise<T | { error: Record<string, unknown> }> {
    const userAgent = socket.handshake.headers['user-agent'];
    const ctx: RequestContext = {
      requestId: randomUUID(),
      queryCount: 0,
      ip: socket.handshake.address,
      userAgent: typeof userAgent === 'string' ? userAgent : undefined,
    };
    const user = callerOf(socket.data.user, ctx);
    return runWithRequestContext(ctx, async () => {
      const started = performance.now();
      let status = 'ok';
      try {
        return await work(user);
      } catch (err) {
        const res = toErrorResponse(err);
        status = String(res.status);
        if (res.serverFault)
          this.logger.error(`${event} failed: ${(err as Error)?.message ?? String(err)}`, (err as Error)?.stack);
        this.report(socket, event, payload, res.body);
        return { error: res.body };
      } finally {
        this.logger.log({
          msg: 'socket event handled',
          reqId: ctx.requestId,
          event,
          socketId: socket.id,
          status,
          durationMs: Math.round(performance.now() - started),
        });
      }
    });
  }

  private report(socket: AuthedSocket, event: string, payload: unknown, error: Record<string, unknown>): void {
    const clientId = (payload as { client_id?: unknown } | null)?.client_id;
    const body: ChatErrorEvent = { event, client_id: typeof clientId === 'string' ? clientId : null, error };
    (socket as Socket).emit('error', body);
  }
}

import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { isStaffRole } from '../../common/auth/roles.js';
import { DomainEvents } from '../../common/events/domain-event.js';
import { FieldValidationException, NON_FIELD_ERRORS, NotFoundError } from '../../common/http/api-errors.js';
import type { UploadedFileData } from '../../common/files/upload.decorators.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { parseDateTime } from '../../common/validation/date-time.js';
import { doesNotExist } from '../../common/validation/db-errors.js';
import { TransactionRunner } from '../../database/unit-of-work.js';
import { canSee, type Viewer } from '../complaints/complaint.rules.js';
import { Complaint } from '../complaints/complaint.entity.js';
import { detectFileType, type FileKind } from '../storage/file-types.js';
import { ImageProcessor } from '../storage/image-processor.js';
import { StorageService } from '../storage/storage.service.js';
import { User } from '../users/user.entity.js';
import { ChatFloodControl } from './chat-flood-control.js';
import { ChatMessageSent, ChatMessagesRead } from './chat.events.js';
import { mapConversation, mapMessage, mapReadReceipt, type MessageView } from './chat.mapper.js';
import { ChatRepository, type ConversationRow } from './chat.repository.js';
import { isUuid, joinRoomFor, mayTakePart, sideOf, type ConversationParties } from './chat.rules.js';
import { MAX_HISTORY_PAGE, type ChatHistoryQuery, type ConversationQuery, type SendChatMessageDto } from './dto/chat.dto.js';
import type {
  ChatMessagePageResponse,
  ChatMessageResponse,
  ChatReadResponse,
  ConversationResponse,
} from './dto/chat.response.js';

/** What a chat attachment may be, decided by its bytes. */
const ATTACHMENT_KINDS: FileKind[] = ['image', 'video', 'audio', 'pdf'];

interface PreparedFile {
  key: string;
  kind: FileKind;
  mime: string;
  body: Buffer;
}

const parties = (c: ConversationRow): ConversationParties => ({ id: c.id, citizenId: c.citizenId, wardId: c.wardId });

/**
 * The seed's chat (§6.1) as conversations: a citizen's support thread and
 * each complaint's thread, between the citizen and the staff who cover it
 * (the complaints' visibility rule). Anyone else gets a 404. A stored message
 * publishes ChatMessageSent; the notifications listener delivers it after the
 * commit. Used by the REST controller and the socket gateway alike.
 */
@Injectable()
export class ChatService {
  constructor(
    private readonly repo: ChatRepository,
    private readonly tx: TransactionRunner,
    private readonly events: DomainEvents,
    private readonly storage: StorageService,
    private readonly images: ImageProcessor,
    private readonly flood: ChatFloodControl,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Complaint) private readonly complaints: Repository<Complaint>,
  ) {}

  // --- conversations -------------------------------------------------------------------------

  async listConversations(
    request: FastifyRequest,
    viewer: AuthUser,
    query: ConversationQuery,
  ): Promise<Page<ConversationResponse>> {
    const window = pageWindow(query);
    const { rows, count } = await this.repo.findPage(viewer, query, window);
    return toPage(request, window, count, rows.map(mapConversation));
  }

  async getConversation(viewer: AuthUser, id: string): Promise<ConversationResponse> {
    await this.requireParty(viewer, id);
    return this.view(viewer, id);
  }

  /**
   * A citizen's support thread, created on first use: the caller's own, or —
   * for staff and admins — that of `citizenId`, a citizen whose home ward
   * they cover.
   */
  async supportConversation(viewer: AuthUser, citizenId: string | undefined): Promise<ConversationResponse> {
    let ownerId = viewer.id;
    if (isStaffRole(viewer.role)) {
      if (!citizenId) throw FieldValidationException.of('citizen', 'This field is required.');
      const citizen = await this.citizenFor(viewer, citizenId);
      if (!citizen) throw new NotFoundError();
      ownerId = citizen.id;
    } else if (citizenId && citizenId !== viewer.id) {
      throw new NotFoundError();
    }
    const conversation = await this.repo.supportConversation(ownerId);
    if (!conversation) throw new NotFoundError();
    return this.view(viewer, conversation.id);
  }

  /** A complaint's thread, created on first use, for whoever may see the complaint. */
  async complaintConversation(viewer: AuthUser, complaintId: string): Promise<ConversationResponse> {
    const complaint = await this.complaints.findOne({
      where: { id: complaintId },
      select: { id: true, userId: true, wardId: true },
    });
    if (!complaint || !canSee(viewer, complaint)) throw new NotFoundError();
    const conversation = await this.repo.complaintConversation(complaint.id);
    if (!conversation) throw new NotFoundError();
    return this.view(viewer, conversation.id);
  }

  /** The room a socket joins to follow a conversation live; 404 for anyone who does not take part. */
  async joinRoom(viewer: AuthUser, id: string): Promise<string> {
    const conversation = await this.repo.findConversation(id);
    const room = conversation ? joinRoomFor(viewer, parties(conversation)) : null;
    if (!room) throw new NotFoundError();
    return room;
  }

  // --- messages ---------------------------------------------------------------------------------

  /**
   * History: the newest messages first, `before` a message or instant for
   * older ones; `after` one for newer ones (oldest first, for polling).
   * `next` continues in the same direction while there is more.
   */
  async history(
    request: FastifyRequest,
    viewer: AuthUser,
    id: string,
    query: ChatHistoryQuery,
  ): Promise<ChatMessagePageResponse> {
    await this.requireParty(viewer, id);
    if (query.before && query.after)
      throw FieldValidationException.of(NON_FIELD_ERRORS, 'Give either before or after, not both.');
    const direction = query.after ? 'after' : 'before';
    const raw = query.after ?? query.before;
    let cursor: { direction: 'before' | 'after'; at: Date; id?: string } | null = null;
    if (raw && isUuid(raw)) {
      const from = await this.repo.findMessage(id, raw);
      if (!from) throw FieldValidationException.of(direction, 'No such message in this conversation.');
      cursor = { direction, at: from.createdAt, id: from.id };
    } else if (raw) {
      cursor = { direction, at: parseDateTime(raw)! };
    }
    const limit = query.limit ?? MAX_HISTORY_PAGE;
    const rows = await this.repo.findHistory(id, cursor, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      next: rows.length > limit && last ? cursorUrl(request, direction, last.id) : null,
      results: page.map(mapMessage),
    };
  }

  /**
   * Stores a message and returns it once committed. Without a conversation a
   * citizen writes to their support thread (created on first use) and staff
   * to `receiver_id`'s. A repeated `client_id` returns the first message and
   * stores nothing. Text is required unless a file comes with it (REST).
   */
  async send(
    viewer: AuthUser,
    dto: SendChatMessageDto,
    file: UploadedFileData | null,
    originSocketId: string | null = null,
  ): Promise<ChatMessageResponse> {
    const clientId = dto.client_id ?? null;
    if (clientId) {
      const first = await this.repo.findByClientId(viewer.id, clientId);
      if (first) return mapMessage(first);
    }
    const text = dto.message ?? '';
    if (!text && !file) {
      const given = typeof dto.message === 'string';
      throw FieldValidationException.of('message', given ? 'This field may not be blank.' : 'This field is required.');
    }
    const target = await this.target(viewer, dto);
    const receiverId = await this.receiver(viewer, target, dto.receiver_id);
    await this.flood.consume(viewer.id);
    const prepared = file ? await this.prepare(file.buffer) : null;
    if (prepared) await this.storage.put(prepared.key, prepared.body, prepared.mime);
    let result: { message: ChatMessageResponse; stored: boolean };
    try {
      result = await this.tx.run(viewer.origin, async (uow) => {
        // The lock orders the conversation's messages by commit (see ChatRepository.insertMessage).
        const conversation = await this.repo.lockConversation(uow.manager, target.id);
        if (!conversation || !mayTakePart(viewer, conversation)) throw new NotFoundError();
        const stored = await this.repo.insertMessage(uow.manager, {
          conversationId: conversation.id,
          senderId: viewer.id,
          receiverId,
          message: text,
          clientId,
          attachment: prepared
            ? { key: prepared.key, type: prepared.kind, contentType: prepared.mime, size: prepared.body.length }
            : null,
        });
        if (!stored) {
          // A concurrent request with the same client_id committed first.
          const first = await this.repo.findByClientId(viewer.id, clientId!, uow.manager);
          return { message: mapMessage(first!), stored: false };
        }
        const view: MessageView = {
          id: stored.id,
          conversationId: conversation.id,
          message: text,
          senderId: viewer.id,
          senderName: await this.repo.userName(viewer.id, uow.manager),
          receiverId,
          createdAt: stored.createdAt,
          readAt: null,
          clientId,
          attachmentKey: prepared?.key ?? null,
          attachmentType: prepared?.kind ?? null,
          attachmentContentType: prepared?.mime ?? null,
          attachmentSize: prepared?.body.length ?? null,
        };
        const message = mapMessage(view);
        await this.events.publish(uow, new ChatMessageSent(parties(conversation), message, originSocketId));
        return { message, stored: true };
      });
    } catch (err) {
      if (prepared) await this.storage.deleteQuietly([prepared.key]);
      throw err;
    }
    if (!result.stored && prepared) await this.storage.deleteQuietly([prepared.key]);
    return result.message;
  }

  /**
   * The caller's side has read the other side's messages (all, or up to and
   * including `upTo`). The other side is told by a `chat_read` event.
   */
  async markRead(viewer: AuthUser, id: string, upTo: string | undefined): Promise<ChatReadResponse> {
    const conversation = await this.requireParty(viewer, id);
    let until: { at: Date; id: string } | null = null;
    if (upTo) {
      const message = await this.repo.findMessage(id, upTo);
      if (!message) throw FieldValidationException.of('up_to', 'No such message in this conversation.');
      until = { at: message.createdAt, id: message.id };
    }
    const side = sideOf(viewer, conversation);
    return this.tx.run(viewer.origin, async (uow) => {
      const at = new Date();
      const marked = await this.repo.markRead(uow.manager, conversation, side === 'citizen', until, at);
      const receipt = mapReadReceipt(conversation.id, viewer.id, side, marked, at);
      if (marked > 0) await this.events.publish(uow, new ChatMessagesRead(parties(conversation), receipt));
      return receipt;
    });
  }

  /** Streams a message's file to those who take part in its conversation. */
  async downloadAttachment(viewer: AuthUser, id: string, messageId: string): Promise<StreamableFile> {
    await this.requireParty(viewer, id);
    const message = await this.repo.findMessage(id, messageId);
    if (!message?.attachmentKey) throw new NotFoundError();
    const ext = message.attachmentKey.slice(message.attachmentKey.lastIndexOf('.') + 1);
    return this.storage.serve(message.attachmentKey, {
      contentType: message.attachmentContentType ?? undefined,
      downloadName: message.attachmentType === 'pdf' ? `chat-attachment-${message.id}.${ext}` : undefined,
    });
  }

  // --- helpers ------------------------------------------------------------------------------------

  private async requireParty(viewer: AuthUser, id: string): Promise<ConversationRow> {
    const conversation = await this.repo.findConversation(id);
    if (!conversation || !mayTakePart(viewer, conversation)) throw new NotFoundError();
    return conversation;
  }

  private async view(viewer: AuthUser, id: string): Promise<ConversationResponse> {
    const view = await this.repo.findView(viewer, id);
    if (!view) throw new NotFoundError();
    return mapConversation(view);
  }

  /** The conversation a message goes to, checked for access. */
  private async target(viewer: AuthUser, dto: SendChatMessageDto): Promise<ConversationRow> {
    if (dto.conversation_id) return this.requireParty(viewer, dto.conversation_id);
    if (!isStaffRole(viewer.role)) {
      const own = await this.repo.supportConversation(viewer.id);
      if (!own) throw new NotFoundError();
      return own;
    }
    if (!dto.receiver_id) {
      throw FieldValidationException.of('conversation_id', 'Give conversation_id, or receiver_id to write to a citizen.');
    }
    const citizen = await this.citizenFor(viewer, dto.receiver_id);
    if (!citizen) throw FieldValidationException.of('receiver_id', doesNotExist(dto.receiver_id));
    const thread = await this.repo.supportConversation(citizen.id);
    if (!thread) throw FieldValidationException.of('receiver_id', doesNotExist(dto.receiver_id));
    return thread;
  }

  /**
   * Who a message is for: a staff message is always for the conversation's
   * citizen; a citizen's is for the staff inbox (null) unless they name a
   * staff member or admin who covers the conversation.
   */
  private async receiver(viewer: AuthUser, c: ConversationRow, receiverId: string | undefined): Promise<string | null> {
    if (sideOf(viewer, c) === 'staff') {
      if (receiverId && receiverId !== c.citizenId) {
        throw FieldValidationException.of('receiver_id', "Staff messages go to the conversation's citizen.");
      }
      return c.citizenId;
    }
    if (!receiverId) return null;
    const staff = receiverId === viewer.id ? null : await this.viewerOf(receiverId);
    if (!staff || !isStaffRole(staff.role) || !staff.isActive || !mayTakePart(staff, c)) {
      throw FieldValidationException.of('receiver_id', doesNotExist(receiverId));
    }
    return staff.id;
  }

  /** An active citizen whose home ward `viewer` covers (null otherwise). */
  private async citizenFor(viewer: AuthUser, citizenId: string): Promise<{ id: string; wardId: string | null } | null> {
    const user = await this.users.findOne({
      where: { id: citizenId },
      select: { id: true, role: true, wardId: true, isActive: true },
    });
    if (!user || user.role !== 'citizen' || !user.isActive) return null;
    return canSee(viewer, { userId: user.id, wardId: user.wardId }) ? { id: user.id, wardId: user.wardId } : null;
  }

  private async viewerOf(userId: string): Promise<(Viewer & { isActive: boolean }) | null> {
    const user = await this.users.findOne({ where: { id: userId }, relations: { wards: true } });
    if (!user) return null;
    return { id: user.id, role: user.role, isActive: user.isActive, wardIds: (user.wards ?? []).map((w) => w.id) };
  }

  /** Decides the type by content (415 otherwise); images are re-encoded without metadata. */
  private async prepare(upload: Buffer): Promise<PreparedFile> {
    const type = await detectFileType(upload, ATTACHMENT_KINDS);
    if (type.kind === 'image') {
      const image = await this.images.normalize(upload, type.mime);
      return { key: this.storage.newKey('chat', image.ext), kind: 'image', mime: image.mime, body: image.buffer };
    }
    return { key: this.storage.newKey('chat', type.ext), kind: type.kind, mime: type.mime, body: upload };
  }
}

/** The request's URL with the cursor moved to `messageId`. */
function cursorUrl(request: FastifyRequest, direction: 'before' | 'after', messageId: string): string {
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  url.searchParams.delete('before');
  url.searchParams.delete('after');
  url.searchParams.set(direction, messageId);
  return url.toString();
}

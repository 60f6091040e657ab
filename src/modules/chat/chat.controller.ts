import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Post,
  Query,
  Req,
  UploadedFile,
  UseInterceptors,
  type StreamableFile,
} from '@nestjs/common';
import { FileInterceptor, type UploadedMultipartFile } from '@nestjs/platform-fastify';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Authenticated, CurrentUser } from '../../common/auth/decorators.js';
import { MB, type UploadedFileData } from '../../common/files/upload.decorators.js';
import { IdParam } from '../../common/http/id-param.js';
import { ApiPage } from '../../common/pagination/api-page.decorator.js';
import type { Page } from '../../common/pagination/pagination.js';
import { MAX_MESSAGE_LENGTH } from './chat-message.entity.js';
import { ChatService } from './chat.service.js';
import {
  ChatHistoryQuery,
  ConversationQuery,
  MarkChatReadDto,
  PostChatMessageDto,
  SupportConversationQuery,
} from './dto/chat.dto.js';
import { ChatMessagePageResponse, ChatMessageResponse, ChatReadResponse, ConversationResponse } from './dto/chat.response.js';

/** Largest chat attachment. */
export const MAX_CHAT_FILE_BYTES = 10 * MB;

const NOT_FOUND = { description: 'No such conversation, or the caller does not take part in it.' };
const INVALID = { description: 'Validation errors, keyed by field: {"field": ["message"]}.' };

/** A message as JSON, or as multipart with an optional `file` (≤ 10 MB, typed by content). */
const MessageBody = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_CHAT_FILE_BYTES, files: 1, fields: 10 } })),
    ApiConsumes('application/json', 'multipart/form-data'),
    ApiBody({
      schema: {
        type: 'object',
        properties: {
          message: {
            type: 'string',
            maxLength: MAX_MESSAGE_LENGTH,
            description: 'The text; may be empty when a file is attached.',
          },
          receiver_id: {
            type: 'string',
            format: 'uuid',
            description: 'A citizen may address a staff member who covers the thread.',
          },
          client_id: {
            type: 'string',
            maxLength: 64,
            description: 'The app’s own id for the message; a retry returns the first one.',
          },
          file: {
            type: 'string',
            format: 'binary',
            description: 'multipart only: an image (jpeg/png/webp, re-encoded), mp4 video, m4a/aac audio or pdf, ≤ 10 MB.',
          },
        },
      },
    }),
    ApiPayloadTooLargeResponse({ description: 'The file is larger than 10 MB.' }),
    ApiUnsupportedMediaTypeResponse({ description: 'The file content is not an allowed type.' }),
  );

/**
 * Chat over REST: history and the fallback for clients that poll instead of
 * holding a socket. The socket side (namespace /chat, event send_message and
 * the rest) is ChatGateway; both go through ChatService.
 *
 * Decisions where the contract is silent:
 * - A citizen's support thread is `GET chat/support` (created on first use);
 *   a complaint's thread is `GET chat/complaints/{id}`, for its owner
 *   and the staff who may see the complaint.
 * - A support thread belongs to the citizen's home ward (it follows them when
 *   they move); without one it reaches staff without wards and admins only.
 * - Staff lists show threads that have at least one message.
 * - Read state is per side: a citizen message is read once any staff member
 *   covering the thread has read it (a shared inbox).
 * - History is `{next, results}` with a cursor (`before`/`after` a message id
 *   or instant), not page numbers, so new messages never shift a page.
 */
@ApiTags('chat')
@Authenticated()
@Controller()
export class ChatController {
  constructor(private readonly chat: ChatService) {}

  /** The caller's conversations (citizens: their own; staff: their wards' with messages; admins: all), most recent first, each with its last message and the caller's unread count. */
  @Get('chat/conversations')
  @ApiPage(ConversationResponse)
  @ApiBadRequestResponse(INVALID)
  listConversations(
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser,
    @Query() query: ConversationQuery,
  ): Promise<Page<ConversationResponse>> {
    return this.chat.listConversations(req, user, query);
  }

  /** The caller's support thread (staff and admins: `?citizen=` a citizen of their wards), created on first use. */
  @Get('chat/support')
  @ApiOkResponse({ type: ConversationResponse })
  @ApiBadRequestResponse({ description: 'Staff and admins must name the citizen: {"citizen": ["This field is required."]}.' })
  @ApiNotFoundResponse({ description: 'No such citizen in the caller’s wards.' })
  getSupportConversation(@CurrentUser() user: AuthUser, @Query() query: SupportConversationQuery): Promise<ConversationResponse> {
    return this.chat.supportConversation(user, query.citizen);
  }

  /** A complaint's thread (its owner and the staff who may see it), created on first use. */
  @Get('chat/complaints/:id')
  @ApiOkResponse({ type: ConversationResponse })
  @ApiNotFoundResponse({ description: 'No such complaint, or the caller may not see it.' })
  getComplaintConversation(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<ConversationResponse> {
    return this.chat.complaintConversation(user, id);
  }

  @Get('chat/conversations/:id')
  @ApiOkResponse({ type: ConversationResponse })
  @ApiNotFoundResponse(NOT_FOUND)
  getConversation(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<ConversationResponse> {
    return this.chat.getConversation(user, id);
  }

  /**
   * History, newest first (at most 100): `?before=<message id or date-time>` for
   * older messages; `?after=` for newer ones, oldest first (polling).
   */
  @Get('chat/conversations/:id/messages')
  @ApiOkResponse({ type: ChatMessagePageResponse })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NOT_FOUND)
  listChatMessages(
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Query() query: ChatHistoryQuery,
  ): Promise<ChatMessagePageResponse> {
    return this.chat.history(req, user, id, query);
  }

  /**
   * Sends a message (the polling clients' fallback for the socket's
   * send_message): JSON `{message, client_id?, receiver_id?}`, or multipart
   * with a `file`. It is delivered to the other side as `chat_message`.
   */
  @Post('chat/conversations/:id/messages')
  @MessageBody()
  @ApiCreatedResponse({ type: ChatMessageResponse })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiTooManyRequestsResponse({ description: 'More than CHAT_RATE_LIMIT_PER_MINUTE messages in a minute (Retry-After).' })
  postChatMessage(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: PostChatMessageDto,
    @UploadedFile() file: UploadedMultipartFile | undefined,
  ): Promise<ChatMessageResponse> {
    const upload = file?.buffer && file.size > 0 ? (file as UploadedFileData) : null;
    return this.chat.send(user, { ...dto, conversation_id: id }, upload);
  }

  /** Marks the other side's messages read (all, or `{up_to: message_id}` and older). */
  @Post('chat/conversations/:id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: ChatReadResponse })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NOT_FOUND)
  markConversationRead(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: MarkChatReadDto,
  ): Promise<ChatReadResponse> {
    return this.chat.markRead(user, id, dto?.up_to);
  }

  /** Downloads a message's file, for those who take part in the conversation. */
  @Get('chat/conversations/:id/messages/:message_id/attachment')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, max-age=3600')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'video/mp4', 'audio/mp4', 'audio/aac', 'application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse(NOT_FOUND)
  downloadChatAttachment(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('message_id') messageId: string,
  ): Promise<StreamableFile> {
    return this.chat.downloadAttachment(user, id, messageId);
  }
}

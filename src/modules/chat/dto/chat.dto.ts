import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { choiceValues } from '../../../common/choices.js';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { DATETIME_FORMAT_MESSAGE, parseDateTime } from '../../../common/validation/date-time.js';
import { trimString } from '../../../common/validation/transforms.js';
import { MAX_MESSAGE_LENGTH } from '../chat-message.entity.js';
import { CONVERSATION_TYPES, type ConversationType } from '../chat.choices.js';
import { isUuid } from '../chat.rules.js';

const UUID_MESSAGE = { message: 'Must be a valid UUID.' };
const TOO_LONG = { message: `Ensure this field has no more than ${MAX_MESSAGE_LENGTH} characters.` };
const invalidChoice = ({ value }: { value: unknown }) =>
  `Select a valid choice. ${String(value)} is not one of the available choices.`;

/** Largest and default page of message history. */
export const MAX_HISTORY_PAGE = 100;

/** A message sent over REST to a conversation (JSON, or multipart with a `file`). */
export class PostChatMessageDto {
  /** The text, at most 4,000 characters (surrounding whitespace is trimmed); may be empty when a file is attached. */
  @ApiPropertyOptional({ maxLength: MAX_MESSAGE_LENGTH, example: 'আমাদের গলিতে তিন দিন ধরে ময়লা পড়ে আছে।' })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(MAX_MESSAGE_LENGTH, TOO_LONG)
  message?: string;

  /**
   * Who it is for. Staff messages always go to the conversation's citizen; a
   * citizen may address a staff member who covers the thread (without one it
   * goes to the ward's staff inbox).
   */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  receiver_id?: string;

  /** The app's own id for this message (1–64 printable ASCII characters): a retry with the same one returns the first message. */
  @ApiPropertyOptional({ maxLength: 64, example: '7d0c6a1e-local-42' })
  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]{1,64}$/, { message: 'Use 1 to 64 printable ASCII characters.' })
  client_id?: string;
}

/** The socket event `send_message`: a message to a conversation, or to the support thread when none is named. */
export class SendChatMessageDto extends PostChatMessageDto {
  /** The conversation; without it a citizen writes to their support thread, staff to `receiver_id`'s. */
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  conversation_id?: string;
}

/** The socket events `join_conversation` and `leave_conversation`. */
export class ConversationRefDto {
  @IsUUID('all', UUID_MESSAGE)
  conversation_id: string;
}

/** POST chat/conversations/{id}/read. */
export class MarkChatReadDto {
  /** Mark the other side's messages up to this one (default: all). */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  up_to?: string;
}

/** The socket event `mark_read`. */
export class MarkChatReadEventDto extends MarkChatReadDto {
  @IsUUID('all', UUID_MESSAGE)
  conversation_id: string;
}

export const CONVERSATION_ORDERINGS = ['last_message_at', '-last_message_at', 'created_at', '-created_at'] as const;

export class ConversationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: choiceValues(CONVERSATION_TYPES) })
  @IsOptional()
  @IsIn(choiceValues(CONVERSATION_TYPES), { message: invalidChoice })
  type?: ConversationType;

  /** Only the thread of this complaint. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  complaint?: string;

  /** Only threads of this ward. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  ward?: string;

  /** Default `-last_message_at` (most recent activity first). */
  @ApiPropertyOptional({ enum: CONVERSATION_ORDERINGS, default: '-last_message_at' })
  @IsOptional()
  @IsIn(CONVERSATION_ORDERINGS, { message: invalidChoice })
  ordering?: (typeof CONVERSATION_ORDERINGS)[number];
}

/** A message id, or an ISO 8601 date-time. */
const IsCursor = (): PropertyDecorator =>
  ValidateBy({
    name: 'isCursor',
    validator: {
      validate: (value: unknown) => isUuid(value) || parseDateTime(value) !== undefined,
      defaultMessage: () => `Give a message id or a date-time. ${DATETIME_FORMAT_MESSAGE}`,
    },
  });

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);

export class ChatHistoryQuery {
  /** Older messages: those before this message (id) or instant; newest first. */
  @ApiPropertyOptional({ type: String, description: 'A message id or an ISO 8601 date-time.' })
  @IsOptional()
  @IsCursor()
  before?: string;

  /** Newer messages (for polling): those after this message (id) or instant, oldest first. */
  @ApiPropertyOptional({ type: String, description: 'A message id or an ISO 8601 date-time.' })
  @IsOptional()
  @IsCursor()
  after?: string;

  /** At most this many (default and maximum 100). */
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_HISTORY_PAGE, default: MAX_HISTORY_PAGE })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'A valid integer is required.' })
  @Min(1)
  @Max(MAX_HISTORY_PAGE)
  limit?: number;
}

export class SupportConversationQuery {
  /** Staff and admins: the citizen whose support thread to open (required for them; citizens get their own). */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  citizen?: string;
}

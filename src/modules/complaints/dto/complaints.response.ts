import { ApiProperty } from '@nestjs/swagger';
import { choiceValues } from '../../../common/choices.js';
import { COMPLAINT_CATEGORIES, COMPLAINT_PRIORITIES, COMPLAINT_STATUSES } from '../complaint.choices.js';

const FILE_TYPES = ['image', 'video', 'audio', 'pdf'];

export class ComplaintAttachmentResponse {
  id: string;
  /** Download URL (needs the same bearer token as the complaint). */
  @ApiProperty({ format: 'uri' })
  file: string;
  @ApiProperty({ enum: FILE_TYPES })
  file_type: string;
  /** The content type it is served with, e.g. image/jpeg. */
  content_type: string;
  /** Bytes. */
  size: number;
  uploaded_at: string;
}

export class ComplaintReviewResponse {
  id: string;
  /** Complaint id. */
  complaint: string;
  /** Who wrote it (the complaint's owner). */
  user: string;
  @ApiProperty({ minimum: 1, maximum: 5, type: 'integer' })
  rating: number;
  @ApiProperty({ type: String, nullable: true })
  comment: string | null;
  created_at: string;
}

export class ComplaintResponse {
  id: string;
  /** CC + YYYYMMDD (Dhaka) + daily counter, e.g. CC202611250007. */
  tracking_number: string;
  /** Id of the citizen who filed it. */
  user: string;
  title: string;
  description: string;
  @ApiProperty({ enum: choiceValues(COMPLAINT_CATEGORIES) })
  category: string;
  @ApiProperty({ enum: choiceValues(COMPLAINT_PRIORITIES) })
  priority: string;
  @ApiProperty({ enum: choiceValues(COMPLAINT_STATUSES) })
  status: string;
  location: string;
  /** Ward id. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  ward: string | null;
  @ApiProperty({ type: Number, nullable: true })
  latitude: number | null;
  @ApiProperty({ type: Number, nullable: true })
  longitude: number | null;
  /** Id of the staff member working on it. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  assigned_to: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  resolved_at: string | null;
  @ApiProperty({ type: [ComplaintAttachmentResponse] })
  attachments: ComplaintAttachmentResponse[];
  /** The owner's review, once given. */
  @ApiProperty({ type: ComplaintReviewResponse, nullable: true })
  review: ComplaintReviewResponse | null;
  created_at: string;
  updated_at: string;
}

export class ComplaintHistoryResponse {
  id: string;
  /** null for the filing itself. */
  @ApiProperty({ enum: choiceValues(COMPLAINT_STATUSES), nullable: true, type: String })
  from_status: string | null;
  @ApiProperty({ enum: choiceValues(COMPLAINT_STATUSES) })
  to_status: string;
  /** Id of who made the change. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  changed_by: string | null;
  @ApiProperty({ type: String, nullable: true })
  note: string | null;
  created_at: string;
}

import { toIso } from '../../common/time/dhaka-time.js';
import type { ComplaintAttachment } from './complaint-attachment.entity.js';
import type { ComplaintReview } from './complaint-review.entity.js';
import type { ComplaintStatusChange } from './complaint-status-change.entity.js';
import type { Complaint } from './complaint.entity.js';
import type {
  ComplaintAttachmentResponse,
  ComplaintHistoryResponse,
  ComplaintResponse,
  ComplaintReviewResponse,
} from './dto/complaints.response.js';

/** The attachment columns a complaint view carries (no storage key). */
export type AttachmentView = Pick<ComplaintAttachment, 'id' | 'fileType' | 'contentType' | 'size' | 'uploadedAt'>;

/** A complaint with its attachments and review, as the repository reads it in one query. */
export type ComplaintView = Omit<Complaint, 'review'> & {
  attachments: AttachmentView[];
  review: ComplaintReview | null;
};

/** Builds the download URL of an attachment (absolute, from the request's origin and prefix). */
export type AttachmentUrl = (complaintId: string, attachmentId: string) => string;

const toNumber = (value: string | null): number | null => (value === null ? null : Number(value));

export function mapAttachment(complaintId: string, a: AttachmentView, url: AttachmentUrl): ComplaintAttachmentResponse {
  return {
    id: a.id,
    file: url(complaintId, a.id),
    file_type: a.fileType,
    content_type: a.contentType,
    size: a.size,
    uploaded_at: toIso(a.uploadedAt),
  };
}

export function mapReview(r: ComplaintReview): ComplaintReviewResponse {
  return {
    id: r.id,
    complaint: r.complaintId,
    user: r.userId,
    rating: r.rating,
    comment: r.comment,
    created_at: toIso(r.createdAt),
  };
}

export function mapComplaint(c: ComplaintView, url: AttachmentUrl): ComplaintResponse {
  return {
    id: c.id,
    tracking_number: c.trackingNumber,
    user: c.userId,
    title: c.title,
    description: c.description,
    category: c.category,
    priority: c.priority,
    status: c.status,
    location: c.location,
    ward: c.wardId,
    latitude: toNumber(c.latitude),
    longitude: toNumber(c.longitude),
    assigned_to: c.assignedToId,
    resolved_at: toIso(c.resolvedAt),
    attachments: c.attachments.map((a) => mapAttachment(c.id, a, url)),
    review: c.review ? mapReview(c.review) : null,
    created_at: toIso(c.createdAt),
    updated_at: toIso(c.updatedAt),
  };
}

export function mapHistory(h: ComplaintStatusChange): ComplaintHistoryResponse {
  return {
    id: h.id,
    from_status: h.fromStatus,
    to_status: h.toStatus,
    changed_by: h.changedById,
    note: h.note,
    created_at: toIso(h.createdAt),
  };
}

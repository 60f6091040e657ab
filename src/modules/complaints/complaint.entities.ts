import { ComplaintAttachment } from './complaint-attachment.entity.js';
import { ComplaintDailyCounter } from './complaint-daily-counter.entity.js';
import { ComplaintReview } from './complaint-review.entity.js';
import { ComplaintStatusChange } from './complaint-status-change.entity.js';
import { Complaint } from './complaint.entity.js';

/** Every entity of the complaints module (registered once in src/database/entities.ts). */
export const complaintEntities = [Complaint, ComplaintAttachment, ComplaintStatusChange, ComplaintReview, ComplaintDailyCounter];

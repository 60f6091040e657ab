import { AuditLog } from '../modules/audit/audit-log.entity.js';
import { AuthSession } from '../modules/auth/auth-session.entity.js';
import { OtpCode } from '../modules/auth/otp-code.entity.js';
import { RefreshToken } from '../modules/auth/refresh-token.entity.js';
import { ChatMessage } from '../modules/chat/chat-message.entity.js';
import { Conversation } from '../modules/chat/conversation.entity.js';
import { CalendarEvent } from '../modules/calendar-events/calendar-event.entity.js';
import { complaintEntities } from '../modules/complaints/complaint.entities.js';
import { DashboardReport } from '../modules/dashboard/dashboard-report.entity.js';
import { GalleryPhoto } from '../modules/gallery/gallery-photo.entity.js';
import { DonationCampaign } from '../modules/donations/donation-campaign.entity.js';
import { Donation } from '../modules/donations/donation.entity.js';
import { CityCorporation } from '../modules/geography/city-corporation.entity.js';
import { Ward } from '../modules/geography/ward.entity.js';
import { Zone } from '../modules/geography/zone.entity.js';
import { NoticeView } from '../modules/notices/notice-view.entity.js';
import { NoticeWard } from '../modules/notices/notice-ward.entity.js';
import { Notice } from '../modules/notices/notice.entity.js';
import { EmergencyContact } from '../modules/emergency/emergency-contact.entity.js';
import { EmergencyRequest } from '../modules/emergency/emergency-request.entity.js';
import { NotificationFanout } from '../modules/notifications/notification-fanout.entity.js';
import { NotificationPreference } from '../modules/notifications/notification-preference.entity.js';
import { Notification } from '../modules/notifications/notification.entity.js';
import { PaymentIdempotencyKey } from '../modules/payments/payment-idempotency-key.entity.js';
import { Payment } from '../modules/payments/payment.entity.js';
import { OutboxJob } from '../modules/queue/outbox-job.entity.js';
import { UserDevice } from '../modules/users/user-device.entity.js';
import { User } from '../modules/users/user.entity.js';
import { CollectionPoint } from '../modules/waste-management/collection-point.entity.js';
import { PickupRequest } from '../modules/waste-management/pickup-request.entity.js';
import { WasteGuideline } from '../modules/waste-management/waste-guideline.entity.js';
import { WasteSchedule } from '../modules/waste-management/waste-schedule.entity.js';

/**
 * Every entity, listed once for the app, the TypeORM CLI (migrations) and the
 * tests. A module that adds an entity adds it here.
 */
export const entities = [
  CityCorporation,
  Zone,
  Ward,
  User,
  UserDevice,
  AuthSession,
  RefreshToken,
  OtpCode,
  Notification,
  NotificationPreference,
  OutboxJob,
  Notice,
  NoticeWard,
  NoticeView,
  CalendarEvent,
  GalleryPhoto,
  Payment,
  PaymentIdempotencyKey,
  DonationCampaign,
  Donation,
  ...complaintEntities,
  NotificationFanout,
  EmergencyContact,
  EmergencyRequest,
  WasteSchedule,
  CollectionPoint,
  PickupRequest,
  WasteGuideline,
  Conversation,
  ChatMessage,
  DashboardReport,
  AuditLog,
];

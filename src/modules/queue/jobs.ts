/**
 * Every queue and job in one typed place. A job is named by its key here;
 * `JobPayloads` gives its data type; exactly one `@Process(JOBS.x.name)`
 * handler must exist for each (the worker refuses to start otherwise).
 */
export const QUEUES = {
  notifications: 'notifications',
  maintenance: 'maintenance',
  content: 'content',
  payments: 'payments',
  emergency: 'emergency',
  wasteManagement: 'waste-management',
  reports: 'reports',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobDefinition {
  queue: QueueName;
  name: string;
}

export const JOBS = {
  /** The seed's send_sms_notification: POST {api_key, phone, message} to SMS_GATEWAY_URL. */
  sendSms: { queue: QUEUES.notifications, name: 'send-sms' },
  /** The seed's send_push_notification: every device token of a user. */
  sendPush: { queue: QUEUES.notifications, name: 'send-push' },
  /** Anonymises accounts deactivated more than 30 days ago (repeatable). */
  purgeDeactivatedUsers: { queue: QUEUES.maintenance, name: 'purge-deactivated-users' },
  /** Notifies (in-app + push) every target user of a published urgent notice, in batches; resumable. */
  pushUrgentNotice: { queue: QUEUES.content, name: 'push-urgent-notice' },
  /** Makes the thumbnail of a gallery photo (skips when it exists). */
  makeGalleryThumbnail: { queue: QUEUES.content, name: 'make-gallery-thumbnail' },
  /** The seed's process_payment_callback: confirm a payment with its gateway after a callback. */
  processPaymentCallback: { queue: QUEUES.payments, name: 'process-payment-callback' },
  /** Re-queries payments pending past PAYMENT_PENDING_TIMEOUT_MS and cancels the unconfirmed (repeatable). */
  expireStalePayments: { queue: QUEUES.payments, name: 'expire-stale-payments' },
  /** Delayed: an emergency request still unaccepted goes to every admin; no effect once accepted. */
  escalateEmergency: { queue: QUEUES.emergency, name: 'escalate-emergency' },
  /** Tells a ward's citizens, in batches, that a collection schedule of their ward changed. */
  notifyWardSchedule: { queue: QUEUES.wasteManagement, name: 'notify-ward-schedule' },
  /** Builds a requested dashboard report (PDF or XLSX) into private storage; a done report is left alone. */
  buildDashboardReport: { queue: QUEUES.reports, name: 'build-dashboard-report' },
} as const satisfies Record<string, JobDefinition>;

export type JobKey = keyof typeof JOBS;

export interface SendSmsJob {
  phone: string;
  message: string;
}

export interface SendPushJob {
  userId: string;
  /** The in-app notification this push announces (sent to the app as `notification_id`). */
  notificationId?: string;
  title: string;
  body: string;
  data?: Record<string, string>;
  category: string;
  /** Devices an earlier attempt of this job reached; a retry skips them. Written by the handler. */
  deliveredDeviceIds?: string[];
}

export interface ProcessPaymentCallbackJob {
  paymentId: string;
  /** The callback's parameters: only a hint of which gateway call to make, never trusted. */
  params: Record<string, string>;
}

export interface EscalateEmergencyJob {
  requestId: string;
}

export type ScheduleChangeKind = 'created' | 'updated' | 'deleted';

export interface NotifyWardScheduleJob {
  wardId: string;
  scheduleId: string;
  change: ScheduleChangeKind;
  /** The schedule's version after the change: one notification per (schedule, version, ward). */
  version: number;
  /** The schedule as it now is (as it was, for a deletion), for the message. */
  wasteTypes: string[];
  weekdays: number[];
  startTime: string;
  endTime: string;
}

export interface JobPayloads {
  sendSms: SendSmsJob;
  sendPush: SendPushJob;
  purgeDeactivatedUsers: Record<string, never>;
  pushUrgentNotice: { noticeId: string };
  makeGalleryThumbnail: { photoId: string };
  processPaymentCallback: ProcessPaymentCallbackJob;
  expireStalePayments: Record<string, never>;
  escalateEmergency: EscalateEmergencyJob;
  notifyWardSchedule: NotifyWardScheduleJob;
  buildDashboardReport: { reportId: string };
}

/** The Bull job option under which the outbox relay stores the id of the request that caused a job. */
export const REQUEST_ID_OPTION = 'requestId';

/** Retries with exponential backoff and bounded retention, unless a job says otherwise. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: 1_000,
  removeOnFail: 5_000,
} as const;

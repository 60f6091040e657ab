import type { Role } from '../../common/auth/roles.js';
import {
  COMPLAINT_STATUSES,
  STATUS_IN_PROGRESS,
  STATUS_RESOLVED,
  STATUS_SUBMITTED,
  type ComplaintStatus,
} from './complaint.choices.js';

/**
 * The complaint rules that need no I/O, kept apart so they are unit-tested
 * on their own (complaint.rules.spec.ts).
 */

/** At most this many attachments per complaint, over all uploads. */
export const MAX_ATTACHMENTS = 5;

/** CC + YYYYMMDD + a counter of at least four digits (a 10,000th complaint in a day gets five). */
export const TRACKING_NUMBER_PATTERN = /^CC\d{8}\d{4,10}$/;

/** A tracking number as typed by a person (any case, stray spaces), or undefined when it cannot be one. */
export function normalizeTrackingNumber(input: string): string | undefined {
  const value = input.trim().toUpperCase();
  return TRACKING_NUMBER_PATTERN.test(value) ? value : undefined;
}

const STATUS_VALUES: readonly string[] = COMPLAINT_STATUSES.map((s) => s.value);

export function isComplaintStatus(value: unknown): value is ComplaintStatus {
  return typeof value === 'string' && STATUS_VALUES.includes(value);
}

/** The owner may edit or delete a complaint only while nobody has started on it. */
export const ownerMayEdit = (status: ComplaintStatus): boolean => status === STATUS_SUBMITTED;

/** The owner may add evidence while the complaint is open (submitted or in progress). */
export const ownerMayAttach = (status: ComplaintStatus): boolean => status === STATUS_SUBMITTED || status === STATUS_IN_PROGRESS;

/** A complaint is reviewed once it is resolved. */
export const mayReview = (status: ComplaintStatus): boolean => status === STATUS_RESOLVED;

export type TransitionCheck = 'unchanged' | 'allowed' | 'forbidden';

/**
 * Staff move a complaint between any two statuses (reopening a resolved or
 * cancelled one included), except back to "submitted": that status means
 * nobody has looked at it yet, and would hand editing back to the owner.
 */
export function checkTransition(from: ComplaintStatus, to: ComplaintStatus): TransitionCheck {
  if (from === to) return 'unchanged';
  if (to === STATUS_SUBMITTED) return 'forbidden';
  return 'allowed';
}

/** `resolved_at` after a change to `to`: now on resolution, cleared when it moves away. */
export function resolvedAtAfter(to: ComplaintStatus, now: Date): Date | null {
  return to === STATUS_RESOLVED ? now : null;
}

/** Assigning someone to a complaint nobody has started on puts it in progress. */
export function statusAfterAssignment(status: ComplaintStatus): ComplaintStatus {
  return status === STATUS_SUBMITTED ? STATUS_IN_PROGRESS : status;
}

/** English label of a status (for English-language notifications). */
export function statusLabelEn(status: ComplaintStatus): string {
  return COMPLAINT_STATUSES.find((s) => s.value === status)?.label_en ?? status;
}

/** Who is looking: a user's id, role and staff wards (empty = every ward). */
export interface Viewer {
  id: string;
  role: Role;
  wardIds: string[];
}

/**
 * Whether `viewer` may see a complaint: its owner always; admins all; staff
 * those of their wards (all when they have none); nobody else. The SQL
 * version of this rule is ComplaintsRepository.scope.
 */
export function canSee(viewer: Viewer, complaint: { userId: string; wardId: string | null }): boolean {
  if (complaint.userId === viewer.id || viewer.role === 'admin') return true;
  if (viewer.role !== 'staff') return false;
  return viewer.wardIds.length === 0 || (complaint.wardId !== null && viewer.wardIds.includes(complaint.wardId));
}

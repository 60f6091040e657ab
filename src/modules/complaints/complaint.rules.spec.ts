import { STATUS_CANCELLED, STATUS_IN_PROGRESS, STATUS_RESOLVED, STATUS_SUBMITTED } from './complaint.choices.js';
import {
  canSee,
  checkTransition,
  isComplaintStatus,
  mayReview,
  normalizeTrackingNumber,
  ownerMayAttach,
  ownerMayEdit,
  resolvedAtAfter,
  statusAfterAssignment,
  TRACKING_NUMBER_PATTERN,
} from './complaint.rules.js';

describe('tracking numbers', () => {
  it('accepts CC, a date and a counter of four or more digits', () => {
    expect(TRACKING_NUMBER_PATTERN.test('CC202611250007')).toBe(true);
    expect(TRACKING_NUMBER_PATTERN.test('CC2026112510000')).toBe(true);
    expect(TRACKING_NUMBER_PATTERN.test('CC20261125007')).toBe(false);
  });

  it('normalises what a person types and rejects what cannot be one', () => {
    expect(normalizeTrackingNumber(' cc202611250007 ')).toBe('CC202611250007');
    expect(normalizeTrackingNumber('CC2026112500')).toBeUndefined();
    expect(normalizeTrackingNumber("CC20261125' OR 1=1")).toBeUndefined();
    expect(normalizeTrackingNumber('XX202611250007')).toBeUndefined();
  });
});

describe('status rules', () => {
  it('knows exactly the seed statuses', () => {
    for (const s of [STATUS_SUBMITTED, STATUS_IN_PROGRESS, STATUS_RESOLVED, STATUS_CANCELLED])
      expect(isComplaintStatus(s)).toBe(true);
    expect(isComplaintStatus('resolved')).toBe(false);
    expect(isComplaintStatus(3)).toBe(false);
    expect(isComplaintStatus(undefined)).toBe(false);
  });

  it('lets the owner edit only while submitted, and attach while open', () => {
    expect(ownerMayEdit(STATUS_SUBMITTED)).toBe(true);
    expect(ownerMayEdit(STATUS_IN_PROGRESS)).toBe(false);
    expect(ownerMayAttach(STATUS_IN_PROGRESS)).toBe(true);
    expect(ownerMayAttach(STATUS_RESOLVED)).toBe(false);
    expect(ownerMayAttach(STATUS_CANCELLED)).toBe(false);
  });

  it('allows a review only once resolved', () => {
    expect(mayReview(STATUS_RESOLVED)).toBe(true);
    expect(mayReview(STATUS_IN_PROGRESS)).toBe(false);
  });

  it('allows any move except back to submitted; the same status is no change', () => {
    expect(checkTransition(STATUS_SUBMITTED, STATUS_IN_PROGRESS)).toBe('allowed');
    expect(checkTransition(STATUS_RESOLVED, STATUS_IN_PROGRESS)).toBe('allowed');
    expect(checkTransition(STATUS_CANCELLED, STATUS_RESOLVED)).toBe('allowed');
    expect(checkTransition(STATUS_IN_PROGRESS, STATUS_SUBMITTED)).toBe('forbidden');
    expect(checkTransition(STATUS_RESOLVED, STATUS_RESOLVED)).toBe('unchanged');
  });

  it('sets resolved_at on resolution and clears it otherwise', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    expect(resolvedAtAfter(STATUS_RESOLVED, now)).toBe(now);
    expect(resolvedAtAfter(STATUS_IN_PROGRESS, now)).toBeNull();
  });

  it('puts a submitted complaint in progress when someone is assigned', () => {
    expect(statusAfterAssignment(STATUS_SUBMITTED)).toBe(STATUS_IN_PROGRESS);
    expect(statusAfterAssignment(STATUS_RESOLVED)).toBe(STATUS_RESOLVED);
  });
});

describe('visibility', () => {
  const complaint = { userId: 'owner', wardId: 'w1' };

  it('shows a complaint to its owner and admins, not to other citizens', () => {
    expect(canSee({ id: 'owner', role: 'citizen', wardIds: [] }, complaint)).toBe(true);
    expect(canSee({ id: 'other', role: 'citizen', wardIds: [] }, complaint)).toBe(false);
    expect(canSee({ id: 'admin', role: 'admin', wardIds: [] }, complaint)).toBe(true);
  });

  it("shows staff their wards' complaints, or all when they have no wards", () => {
    expect(canSee({ id: 's1', role: 'staff', wardIds: ['w1'] }, complaint)).toBe(true);
    expect(canSee({ id: 's2', role: 'staff', wardIds: ['w2'] }, complaint)).toBe(false);
    expect(canSee({ id: 's3', role: 'staff', wardIds: [] }, complaint)).toBe(true);
    expect(canSee({ id: 's1', role: 'staff', wardIds: ['w1'] }, { userId: 'owner', wardId: null })).toBe(false);
  });
});

import { canSee, type Viewer } from '../complaints/complaint.rules.js';
import { userRoom } from '../realtime/realtime.publisher.js';

/**
 * The chat rules that need no I/O: who may take part in a conversation, on
 * which side, and which socket.io rooms an event goes to. Unit-tested in
 * chat.rules.spec.ts.
 */

/** A conversation as far as access goes. */
export interface ConversationParties {
  id: string;
  /** The citizen side (support thread's citizen, complaint's owner). */
  citizenId: string;
  /** The ward whose staff answer; null: only city-wide staff and admins. */
  wardId: string | null;
}

export type Side = 'citizen' | 'staff';

/**
 * Whether `viewer` takes part in the conversation: its citizen, admins, and
 * staff of its ward (all wards when they have none) — the same rule as for
 * seeing a complaint (`canSee`). Anyone else gets a 404.
 */
export function mayTakePart(viewer: Viewer, c: Pick<ConversationParties, 'citizenId' | 'wardId'>): boolean {
  return canSee(viewer, { userId: c.citizenId, wardId: c.wardId });
}

/** The side `viewer` writes from (assuming `mayTakePart`). */
export const sideOf = (viewer: Pick<Viewer, 'id'>, c: Pick<ConversationParties, 'citizenId'>): Side =>
  viewer.id === c.citizenId ? 'citizen' : 'staff';

// --- rooms ----------------------------------------------------------------------------

/** Staff without wards and admins: they cover every ward's inbox. */
export const CITY_WIDE_STAFF_ROOM = 'staff:all-wards';
export const staffWardRoom = (wardId: string): string => `staff:ward:${wardId}`;

/** Staff inbox rooms a socket joins when it connects (none for citizens). */
export function inboxRoomsOf(viewer: Viewer): string[] {
  if (viewer.role === 'admin' || (viewer.role === 'staff' && viewer.wardIds.length === 0)) return [CITY_WIDE_STAFF_ROOM];
  if (viewer.role === 'staff') return viewer.wardIds.map(staffWardRoom);
  return [];
}

/** The inbox rooms of the staff who cover a conversation of ward `wardId`. */
export const inboxRoomsFor = (wardId: string | null): string[] =>
  wardId ? [staffWardRoom(wardId), CITY_WIDE_STAFF_ROOM] : [CITY_WIDE_STAFF_ROOM];

/**
 * A conversation's rooms carry the reason a socket is in them: `citizen`,
 * `all` (admins, city-wide staff) or `ward:<id>` (ward staff). Events go to
 * the rooms of the conversation's current ward only, so when a complaint is
 * handed over to another ward, sockets that joined through the old ward stop
 * receiving its thread at once — no stale membership to clean up.
 */
export const conversationRoomPrefix = (conversationId: string): string => `conversation:${conversationId}:`;

/** The room `viewer` joins for a conversation, or null when they may not take part. */
export function joinRoomFor(viewer: Viewer, c: ConversationParties): string | null {
  if (!mayTakePart(viewer, c)) return null;
  const prefix = conversationRoomPrefix(c.id);
  if (viewer.id === c.citizenId) return `${prefix}citizen`;
  if (viewer.role === 'admin' || viewer.wardIds.length === 0) return `${prefix}all`;
  return `${prefix}ward:${c.wardId}`;
}

/** Every room of a conversation that its current participants can be in. */
export function conversationRooms(c: ConversationParties): string[] {
  const prefix = conversationRoomPrefix(c.id);
  return [`${prefix}citizen`, `${prefix}all`, ...(c.wardId ? [`${prefix}ward:${c.wardId}`] : [])];
}

/**
 * Where a new message goes: everyone viewing the thread, the citizen's
 * devices, the sender's other devices, the addressee, and — for a citizen's
 * message — the inbox of the staff who cover the thread.
 */
export function messageRooms(c: ConversationParties, senderId: string, receiverId: string | null): string[] {
  const rooms = [...conversationRooms(c), userRoom(c.citizenId), userRoom(senderId)];
  if (senderId === c.citizenId) rooms.push(...inboxRoomsFor(c.wardId));
  if (receiverId) rooms.push(userRoom(receiverId));
  return [...new Set(rooms)];
}

/** Where a read receipt goes: everyone who takes part (read state is shared per side). */
export function readReceiptRooms(c: ConversationParties): string[] {
  return [...conversationRooms(c), userRoom(c.citizenId), ...inboxRoomsFor(c.wardId)];
}

// --- flood control ---------------------------------------------------------------------

/**
 * A token bucket: up to `capacity` events at once, refilled at
 * `refillPerSecond`. Each socket has one for everything it sends.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    now: number = Date.now(),
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  /** Takes a token if one is left. */
  take(now: number = Date.now()): boolean {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.refillPerSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

// --- history cursor -------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** A message preview for notifications: the text cut at `max` characters, or a mark for a file. */
export function excerpt(message: string, hasAttachment: boolean, max = 120): string {
  const text = message.trim().replace(/\s+/g, ' ');
  const chars = [...text];
  if (chars.length > max) return `${chars.slice(0, max - 1).join('')}…`;
  return text || (hasAttachment ? '📎' : '');
}

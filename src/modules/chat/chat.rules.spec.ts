import type { Viewer } from '../complaints/complaint.rules.js';
import {
  CITY_WIDE_STAFF_ROOM,
  conversationRooms,
  excerpt,
  inboxRoomsOf,
  joinRoomFor,
  mayTakePart,
  messageRooms,
  readReceiptRooms,
  sideOf,
  staffWardRoom,
  TokenBucket,
} from './chat.rules.js';

const W1 = '11111111-1111-4111-8111-111111111111';
const W2 = '22222222-2222-4222-8222-222222222222';
const citizen: Viewer = { id: 'citizen', role: 'citizen', wardIds: [] };
const otherCitizen: Viewer = { id: 'other', role: 'citizen', wardIds: [] };
const wardStaff: Viewer = { id: 'staff-1', role: 'staff', wardIds: [W1] };
const otherWardStaff: Viewer = { id: 'staff-2', role: 'staff', wardIds: [W2] };
const cityStaff: Viewer = { id: 'staff-all', role: 'staff', wardIds: [] };
const admin: Viewer = { id: 'admin', role: 'admin', wardIds: [] };
const thread = { id: 'conv', citizenId: 'citizen', wardId: W1 };

describe('chat rules', () => {
  it('lets the citizen, staff of the ward, city-wide staff and admins take part; nobody else', () => {
    expect(mayTakePart(citizen, thread)).toBe(true);
    expect(mayTakePart(wardStaff, thread)).toBe(true);
    expect(mayTakePart(cityStaff, thread)).toBe(true);
    expect(mayTakePart(admin, thread)).toBe(true);
    expect(mayTakePart(otherCitizen, thread)).toBe(false);
    expect(mayTakePart(otherWardStaff, thread)).toBe(false);
  });

  it('leaves a thread without a ward to city-wide staff and admins', () => {
    const wardless = { ...thread, wardId: null };
    expect(mayTakePart(wardStaff, wardless)).toBe(false);
    expect(mayTakePart(cityStaff, wardless)).toBe(true);
    expect(mayTakePart(admin, wardless)).toBe(true);
  });

  it('puts the citizen on the citizen side and everyone else on the staff side', () => {
    expect(sideOf(citizen, thread)).toBe('citizen');
    expect(sideOf(wardStaff, thread)).toBe('staff');
    expect(sideOf(admin, thread)).toBe('staff');
  });

  it('joins staff sockets to the inboxes of their wards, or to the city-wide one', () => {
    expect(inboxRoomsOf(citizen)).toEqual([]);
    expect(inboxRoomsOf({ ...wardStaff, wardIds: [W1, W2] })).toEqual([staffWardRoom(W1), staffWardRoom(W2)]);
    expect(inboxRoomsOf(cityStaff)).toEqual([CITY_WIDE_STAFF_ROOM]);
    expect(inboxRoomsOf(admin)).toEqual([CITY_WIDE_STAFF_ROOM]);
  });

  it('names the conversation room after the way a socket takes part, and refuses outsiders', () => {
    expect(joinRoomFor(citizen, thread)).toBe('conversation:conv:citizen');
    expect(joinRoomFor(wardStaff, thread)).toBe(`conversation:conv:ward:${W1}`);
    expect(joinRoomFor(cityStaff, thread)).toBe('conversation:conv:all');
    expect(joinRoomFor(admin, thread)).toBe('conversation:conv:all');
    expect(joinRoomFor(otherCitizen, thread)).toBeNull();
    expect(joinRoomFor(otherWardStaff, thread)).toBeNull();
  });

  it('stops reaching sockets that joined through a ward the thread has left', () => {
    const joinedBefore = joinRoomFor(wardStaff, thread)!;
    const handedOver = { ...thread, wardId: W2 };
    expect(conversationRooms(handedOver)).not.toContain(joinedBefore);
    expect(conversationRooms(handedOver)).toContain(joinRoomFor(otherWardStaff, handedOver));
  });

  it("sends a citizen's message to the ward inbox and a staff reply to the citizen", () => {
    const fromCitizen = messageRooms(thread, 'citizen', null);
    expect(fromCitizen).toEqual(expect.arrayContaining([staffWardRoom(W1), CITY_WIDE_STAFF_ROOM, 'user:citizen']));
    expect(fromCitizen).not.toContain(staffWardRoom(W2));
    const reply = messageRooms(thread, 'staff-1', 'citizen');
    expect(reply).toEqual(expect.arrayContaining(['user:citizen', 'user:staff-1', 'conversation:conv:citizen']));
    expect(reply).not.toContain(staffWardRoom(W1));
    expect(new Set(reply).size).toBe(reply.length);
    expect(messageRooms(thread, 'citizen', 'staff-1')).toContain('user:staff-1');
  });

  it('sends read receipts to both sides', () => {
    expect(readReceiptRooms(thread)).toEqual(
      expect.arrayContaining(['user:citizen', staffWardRoom(W1), 'conversation:conv:all']),
    );
  });

  it('allows a burst, then refills at the given rate', () => {
    const bucket = new TokenBucket(3, 2, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
    expect(bucket.take(400)).toBe(false);
    expect(bucket.take(500)).toBe(true);
    expect(bucket.take(10_000)).toBe(true);
    expect([bucket.take(10_000), bucket.take(10_000), bucket.take(10_000)]).toEqual([true, true, false]);
  });

  it('previews a message in at most the given number of characters', () => {
    expect(excerpt('  হ্যালো\n  বিশ্ব ', false)).toBe('হ্যালো বিশ্ব');
    expect([...excerpt('ক'.repeat(200), false)]).toHaveLength(120);
    expect(excerpt('', true)).toBe('📎');
  });
});

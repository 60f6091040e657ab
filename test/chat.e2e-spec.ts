import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import sharp from 'sharp';
import type { Socket } from 'socket.io-client';
import { createRoleUsers, createUser, seedGeography, type Geography, type RoleUsers, type TestUser } from './helpers/fixtures.js';
import { ack, collect, connectSocket, connected, disconnected, nextEvent } from './helpers/sockets.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { sleep, waitFor } from './helpers/wait.js';

const MESSAGE_KEYS = [
  'attachment',
  'client_id',
  'conversation_id',
  'id',
  'is_read',
  'message',
  'read_at',
  'receiver_id',
  'sender_id',
  'sender_name',
  'timestamp',
];
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+06:00$/;

const complaint = {
  title: 'ড্রেন উপচে পড়ছে',
  description: 'বৃষ্টির পর থেকে ড্রেনের পানি রাস্তায়।',
  category: 'পরিচ্ছন্নতা',
  priority: 'উচ্চ',
  location: 'রোড ৭, মিরপুর',
};

/**
 * Chat against the running app: socket.io-client on /chat and REST, real
 * PostgreSQL, Redis (the socket.io adapter and emitter) and Bull.
 */
describe('chat', () => {
  let t: TestApp;
  let geo: Geography;
  let u: RoleUsers;
  const sockets: Socket[] = [];

  const open = async (user: TestUser): Promise<Socket> => {
    const socket = connectSocket(t.url, { token: user.token });
    sockets.push(socket);
    return connected(socket);
  };
  const send = (socket: Socket, payload: unknown) => ack(socket, 'send_message', payload);
  const citizenIn = (wardId: string | null, name = 'Citizen') => createUser(t, { role: 'citizen', wardId, name });
  const messagesOf = async (conversationId: string) =>
    (await t.db.query('SELECT * FROM chat_messages WHERE conversation_id = $1 ORDER BY created_at', [conversationId])).rows;

  beforeAll(async () => {
    t = await startTestApp();
    geo = await seedGeography(t);
    u = await createRoleUsers(t, geo);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(() => t?.close());

  describe('support inbox', () => {
    it("delivers a citizen's message to their ward's staff inbox, and the staff reply back to the citizen; both are stored", async () => {
      const citizen = await citizenIn(geo.wardIds[0], 'রহিম উদ্দিন');
      const citizenSocket = await open(citizen);
      const staffSocket = await open(u.staff);
      const adminSocket = await open(u.admin);
      const otherWardSocket = await open(u.otherStaff);
      const otherCitizenSocket = await open(u.otherCitizen);
      const atStaff = collect(staffSocket, 'chat_message');
      const atAdmin = collect(adminSocket, 'chat_message');
      const atOtherWard = collect(otherWardSocket, 'chat_message');
      const atOtherCitizen = collect(otherCitizenSocket, 'chat_message');
      const echoed = collect(citizenSocket, 'chat_message');
      const otherDevice = collect(await open(citizen), 'chat_message');

      const sent = await send(citizenSocket, { message: 'আমাদের গলিতে তিন দিন ধরে ময়লা পড়ে আছে।' });
      expect(Object.keys(sent).sort()).toEqual(MESSAGE_KEYS);
      expect(sent).toMatchObject({
        message: 'আমাদের গলিতে তিন দিন ধরে ময়লা পড়ে আছে।',
        sender_id: citizen.id,
        sender_name: 'রহিম উদ্দিন',
        receiver_id: null,
        is_read: false,
        read_at: null,
        client_id: null,
        attachment: null,
      });
      expect(sent.timestamp).toMatch(TIMESTAMP);

      await waitFor(() => atStaff.length === 1 && atAdmin.length === 1, { what: 'the message in the staff inbox' });
      expect(atStaff[0]).toEqual(sent);
      expect(atAdmin[0]).toEqual(sent);
      await sleep(300);
      expect(atOtherWard).toEqual([]);
      expect(atOtherCitizen).toEqual([]);
      expect(echoed).toEqual([]); // the sending socket has its acknowledgement
      expect(otherDevice).toEqual([sent]); // the citizen's other devices stay in step

      const reply = await send(staffSocket, { conversation_id: sent.conversation_id, message: 'আজকেই গাড়ি পাঠানো হবে।' });
      expect(reply).toMatchObject({ conversation_id: sent.conversation_id, sender_id: u.staff.id, receiver_id: citizen.id });
      const received = await waitFor(() => echoed[0], { what: 'the reply at the citizen' });
      expect(received).toEqual(reply);

      const stored = await messagesOf(sent.conversation_id);
      expect(stored.map((m) => [m.sender_id, m.receiver_id, m.message])).toEqual([
        [citizen.id, null, 'আমাদের গলিতে তিন দিন ধরে ময়লা পড়ে আছে।'],
        [u.staff.id, citizen.id, 'আজকেই গাড়ি পাঠানো হবে।'],
      ]);
      const conversation = (await t.db.query('SELECT * FROM conversations WHERE id = $1', [sent.conversation_id])).rows[0];
      expect(conversation).toMatchObject({
        type: 'support',
        citizen_id: citizen.id,
        ward_id: geo.wardIds[0],
        complaint_id: null,
      });

      const history = await t.http.get(`/chat/conversations/${sent.conversation_id}/messages`, { token: citizen.token });
      expect(history.status).toBe(200);
      expect(history.body).toEqual({ next: null, results: [reply, sent] });
    });

    it("pushes a staff reply to the citizen's phone in their language; a citizen's message adds no push and no in-app row", async () => {
      const citizen = await citizenIn(geo.wardIds[0]);
      await t.db.query(`UPDATE users SET language = 'en' WHERE id = $1`, [citizen.id]);
      const citizenSocket = await open(citizen);
      const question = await send(citizenSocket, { message: 'When will the truck come?' });
      const reply = await t.http.post(
        `/chat/conversations/${question.conversation_id}/messages`,
        { message: 'Tomorrow morning, before 9.' },
        { token: u.staff.token },
      );
      expect(reply.status).toBe(201);
      const queue = t.app.get<Queue>(getQueueToken('notifications'));
      const pushes = async () =>
        (await queue.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed']))
          .filter((j) => j.name === 'send-push' && j.data.data?.conversation_id === question.conversation_id)
          .map((j) => j.data);
      await waitFor(async () => (await pushes()).length === 1, { what: 'the push job' });
      await sleep(300);
      expect(await pushes()).toEqual([
        {
          userId: citizen.id,
          title: 'New message from Staff Ward One',
          body: 'Tomorrow morning, before 9.',
          data: { conversation_id: question.conversation_id, message_id: reply.body.id },
          category: 'chat',
        },
      ]);
      const rows = await t.db.query('SELECT count(*)::int AS n FROM notifications WHERE user_id = ANY($1)', [
        [citizen.id, u.staff.id],
      ]);
      expect(rows.rows[0].n).toBe(0);

      // A citizen who turned chat pushes off gets the reply on the socket and in the list, not on the phone.
      const off = await t.http.patch('/users/me/notification-preferences', { chat: { push: false } }, { token: citizen.token });
      expect(off.status).toBe(200);
      const quiet = await t.http.post(
        `/chat/conversations/${question.conversation_id}/messages`,
        { message: 'One more thing.' },
        { token: u.staff.token },
      );
      expect(quiet.status).toBe(201);
      await sleep(500);
      expect((await pushes()).map((p) => p.data.message_id)).toEqual([reply.body.id]);
      const pending = await t.db.query(`SELECT count(*)::int AS n FROM outbox_jobs WHERE data->'data'->>'message_id' = $1`, [
        quiet.body.id,
      ]);
      expect(pending.rows[0].n).toBe(0);
    });

    it('opens the support thread over REST for the citizen, and for staff of their ward by ?citizen=', async () => {
      const citizen = await citizenIn(geo.wardIds[0]);
      const mine = await t.http.get('/chat/support', { token: citizen.token });
      expect(mine.status).toBe(200);
      expect(mine.body).toEqual({
        id: expect.any(String),
        type: 'support',
        citizen: citizen.id,
        citizen_name: 'Citizen',
        complaint: null,
        ward: geo.wardIds[0],
        last_message: null,
        unread_count: 0,
        last_message_at: null,
        created_at: expect.stringMatching(TIMESTAMP),
      });
      expect((await t.http.get('/chat/support', { token: citizen.token })).body.id).toBe(mine.body.id);
      // Opened from two devices at once, it is still one thread.
      const fresh = await citizenIn(geo.wardIds[0]);
      const opened = await Promise.all([1, 2, 3].map(() => t.http.get('/chat/support', { token: fresh.token })));
      expect(new Set(opened.map((r) => r.body.id)).size).toBe(1);
      const byStaff = await t.http.get(`/chat/support?citizen=${citizen.id}`, { token: u.staff.token });
      expect(byStaff.status).toBe(200);
      expect(byStaff.body.id).toBe(mine.body.id);
      expect((await t.http.get('/chat/support', { token: u.staff.token })).body).toEqual({
        citizen: ['This field is required.'],
      });
      expect((await t.http.get(`/chat/support?citizen=${citizen.id}`, { token: u.otherStaff.token })).status).toBe(404);
      expect((await t.http.get(`/chat/support?citizen=${citizen.id}`, { token: u.otherCitizen.token })).status).toBe(404);
      expect((await t.http.get(`/chat/support?citizen=${u.staff.id}`, { token: u.admin.token })).status).toBe(404);
    });

    it('lets staff write first to a citizen of their ward, by receiver_id; not to one outside it', async () => {
      const citizen = await citizenIn(geo.wardIds[0]);
      const citizenSocket = await open(citizen);
      const staffSocket = await open(u.staff);
      const incoming = nextEvent(citizenSocket, 'chat_message');
      const sent = await send(staffSocket, { receiver_id: citizen.id, message: 'আপনার এলাকায় কাল পানি থাকবে না।' });
      expect(sent).toMatchObject({ sender_id: u.staff.id, receiver_id: citizen.id });
      expect(await incoming).toEqual(sent);
      const thread = await t.http.get('/chat/support', { token: citizen.token });
      expect(thread.body.id).toBe(sent.conversation_id);

      const outside = await citizenIn(geo.wardIds[1]);
      expect(await send(staffSocket, { receiver_id: outside.id, message: 'hello' })).toEqual({
        error: { receiver_id: [`Invalid pk "${outside.id}" - object does not exist.`] },
      });
      expect(await send(staffSocket, { message: 'to nobody' })).toEqual({
        error: { conversation_id: ['Give conversation_id, or receiver_id to write to a citizen.'] },
      });
      // A citizen can address staff who cover the thread, never another citizen.
      const citizenSocket2 = await open(citizen);
      expect(await send(citizenSocket2, { receiver_id: u.otherCitizen.id, message: 'hi' })).toEqual({
        error: { receiver_id: [`Invalid pk "${u.otherCitizen.id}" - object does not exist.`] },
      });
      const addressed = await send(citizenSocket2, { receiver_id: u.staff.id, message: 'ধন্যবাদ' });
      expect(addressed).toMatchObject({ receiver_id: u.staff.id, conversation_id: sent.conversation_id });
    });
  });

  describe('access', () => {
    it("refuses another citizen's conversation everywhere: REST 404, socket join and send refused", async () => {
      const owner = await citizenIn(geo.wardIds[0]);
      const ownerSocket = await open(owner);
      const first = await send(ownerSocket, { message: 'private' });
      const id = first.conversation_id;

      for (const outsider of [u.otherCitizen, u.otherStaff]) {
        expect((await t.http.get(`/chat/conversations/${id}`, { token: outsider.token })).status).toBe(404);
        const history = await t.http.get(`/chat/conversations/${id}/messages`, { token: outsider.token });
        expect([history.status, history.body]).toEqual([404, { detail: 'Not found.' }]);
        expect(
          (await t.http.post(`/chat/conversations/${id}/messages`, { message: 'x' }, { token: outsider.token })).status,
        ).toBe(404);
        expect((await t.http.post(`/chat/conversations/${id}/read`, {}, { token: outsider.token })).status).toBe(404);
        const list = await t.http.get('/chat/conversations', { token: outsider.token });
        expect(list.body.results.map((c: { id: string }) => c.id)).not.toContain(id);

        const socket = await open(outsider);
        const errors = collect(socket, 'error');
        expect(await ack(socket, 'join_conversation', { conversation_id: id })).toEqual({ error: { detail: 'Not found.' } });
        expect(await send(socket, { conversation_id: id, message: 'let me in', client_id: 'x-1' })).toEqual({
          error: { detail: 'Not found.' },
        });
        await waitFor(() => errors.length === 2);
        expect(errors).toEqual([
          { event: 'join_conversation', client_id: null, error: { detail: 'Not found.' } },
          { event: 'send_message', client_id: 'x-1', error: { detail: 'Not found.' } },
        ]);
        expect(socket.connected).toBe(true);
      }
      expect(await messagesOf(id)).toHaveLength(1);
      expect((await t.http.get('/chat/conversations/not-a-uuid', { token: owner.token })).status).toBe(404);
    });

    it('lets a socket follow a thread it takes part in (staff replies included), and stop following it', async () => {
      const owner = await citizenIn(geo.wardIds[0]);
      const ownerSocket = await open(owner);
      const first = await send(ownerSocket, { message: 'first' });
      const staffSocket = await open(u.staff);
      const admin = await open(u.admin);
      expect(await ack(admin, 'join_conversation', { conversation_id: first.conversation_id })).toEqual({
        conversation_id: first.conversation_id,
        joined: true,
      });
      const atAdmin = collect(admin, 'chat_message');
      // A staff reply goes to the citizen and to those following the thread, not to every inbox.
      const reply = await send(staffSocket, { conversation_id: first.conversation_id, message: 'seen' });
      await waitFor(() => atAdmin.length === 1, { what: 'the staff reply at a follower' });
      expect(atAdmin[0]).toEqual(reply);
      expect(await ack(admin, 'leave_conversation', { conversation_id: first.conversation_id })).toEqual({
        conversation_id: first.conversation_id,
        joined: false,
      });
      const ownerGot = nextEvent(ownerSocket, 'chat_message');
      await send(staffSocket, { conversation_id: first.conversation_id, message: 'again' });
      await ownerGot;
      await sleep(300);
      expect(atAdmin).toHaveLength(1);
    });
  });

  describe('delivery guarantees', () => {
    it('acknowledges only after the message is committed, with the stored message', async () => {
      const citizen = await citizenIn(geo.wardIds[0]);
      const socket = await open(citizen);
      const sent = await send(socket, { message: 'committed?', client_id: 'ack-1' });
      // A separate connection sees the row the moment the acknowledgement arrives.
      const row = (await t.db.query('SELECT * FROM chat_messages WHERE id = $1', [sent.id])).rows[0];
      expect(row).toMatchObject({ message: 'committed?', sender_id: citizen.id, client_id: 'ack-1' });
      expect(new Date(sent.timestamp).getTime()).toBe(row.created_at.getTime());
    });

    it('returns the first message for a repeated client_id and stores and delivers it once', async () => {
      const citizen = await citizenIn(geo.wardIds[0]);
      const socket = await open(citizen);
      const staffSocket = await open(u.staff);
      const atStaff = collect(staffSocket, 'chat_message');
      const first = await send(socket, { message: 'once', client_id: 'dup-1' });
      const retry = await send(socket, { message: 'once', client_id: 'dup-1' });
      expect(retry).toEqual(first);
      // Sent twice at the same moment (a reconnecting app replaying its queue).
      const [a, b] = await Promise.all([
        send(socket, { message: 'twice', client_id: 'dup-2' }),
        send(socket, { message: 'twice', client_id: 'dup-2' }),
      ]);
      expect(a.id).toBe(b.id);
      // Over REST too.
      const rest = await t.http.post(
        `/chat/conversations/${first.conversation_id}/messages`,
        { message: 'once', client_id: 'dup-1' },
        { token: citizen.token },
      );
      expect(rest.body).toEqual(first);
      expect((await messagesOf(first.conversation_id)).map((m) => m.client_id)).toEqual(['dup-1', 'dup-2']);
      await waitFor(() => atStaff.length >= 2);
      await sleep(300);
      expect(atStaff.map((m) => m.client_id)).toEqual(['dup-1', 'dup-2']);
      // Another user may use the same client_id.
      const other = await send(await open(u.otherCitizen), { message: 'mine', client_id: 'dup-1' });
      expect(other.id).not.toBe(first.id);
    });

    it('refuses a message over 4,000 characters, a blank one and malformed payloads with an error, and keeps the socket', async () => {
      const citizen = await citizenIn(geo.wardIds[0]);
      const socket = await open(citizen);
      const errors = collect(socket, 'error');
      const longest = await send(socket, { message: 'ক'.repeat(4000) });
      expect([...longest.message]).toHaveLength(4000);
      const tooLong = await send(socket, { message: 'a'.repeat(4001), client_id: 'long-1' });
      expect(tooLong).toEqual({ error: { message: ['Ensure this field has no more than 4000 characters.'] } });
      expect(await send(socket, { message: '   ' })).toEqual({ error: { message: ['This field may not be blank.'] } });
      expect(await send(socket, {})).toEqual({ error: { message: ['This field is required.'] } });
      expect(await send(socket, 'hello')).toEqual({
        error: { non_field_errors: ['Invalid data. Expected a dictionary, but got string.'] },
      });
      expect(await send(socket, { message: 'x', admin: true })).toEqual({ error: { admin: ['This field is not allowed.'] } });
      expect(await send(socket, { message: 'x', conversation_id: 'nope' })).toEqual({
        error: { conversation_id: ['Must be a valid UUID.'] },
      });
      await waitFor(() => errors.length === 6);
      expect(errors[0]).toEqual({
        event: 'send_message',
        client_id: 'long-1',
        error: { message: ['Ensure this field has no more than 4000 characters.'] },
      });
      // Without an acknowledgement the error event is all the client gets.
      socket.emit('send_message', { message: 'b'.repeat(4001) });
      await waitFor(() => errors.length === 7);
      expect(socket.connected).toBe(true);
      expect((await send(socket, { message: 'still here' })).message).toBe('still here');
      expect(await messagesOf(longest.conversation_id)).toHaveLength(2);

      const rest = await t.http.post(
        `/chat/conversations/${longest.conversation_id}/messages`,
        { message: 'a'.repeat(4001) },
        { token: citizen.token },
      );
      expect([rest.status, rest.body]).toEqual([400, { message: ['Ensure this field has no more than 4000 characters.'] }]);
    });

    it('answers a flood from one socket with error events, stores only what it acknowledged, and keeps serving', async () => {
      const citizen = await citizenIn(geo.wardIds[0]);
      const socket = await open(citizen);
      const errors = collect(socket, 'error');
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => send(socket, { message: `flood ${i}`, client_id: `flood-${i}` })),
      );
      const accepted = results.filter((r) => r.id);
      const refused = results.filter((r) => r.error);
      expect(accepted.length).toBeGreaterThanOrEqual(10);
      expect(refused.length).toBeGreaterThanOrEqual(10);
      expect(accepted.length + refused.length).toBe(40);
      for (const r of refused) expect(r.error.detail).toMatch(/too many messages/i);
      await waitFor(() => errors.length === refused.length);
      expect(errors[0]).toMatchObject({ event: 'send_message', error: { detail: expect.stringMatching(/too many/i) } });
      expect(socket.connected).toBe(true);
      const stored = await messagesOf(accepted[0].conversation_id);
      expect(stored.map((m) => m.id).sort()).toEqual(accepted.map((m) => m.id).sort());
      expect((await t.http.get('/health', {})).status).toBe(200);
    });

    it('limits messages per user across sockets and REST (CHAT_RATE_LIMIT_PER_MINUTE, 30): 429 with Retry-After', async () => {
      const citizen = await citizenIn(geo.wardIds[0]);
      const { body: thread } = await t.http.get('/chat/support', { token: citizen.token });
      const post = (i: number) =>
        t.http.post(`/chat/conversations/${thread.id}/messages`, { message: `m${i}` }, { token: citizen.token });
      for (let i = 0; i < 30; i++) expect((await post(i)).status).toBe(201);
      const refused = await post(30);
      expect(refused.status).toBe(429);
      expect(refused.body.detail).toMatch(/^Too many messages\. Try again in \d+ seconds?\.$/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const socket = await open(citizen);
      expect((await send(socket, { message: 'socket too' })).error.detail).toMatch(/too many messages/i);
    });
  });

  describe('lists, unread counts and read marks', () => {
    it('counts unread messages per side, marks them read and tells the other side', async () => {
      const citizen = await citizenIn(geo.wardIds[0], 'করিম');
      const citizenSocket = await open(citizen);
      const staffSocket = await open(u.staff);
      const sent = [];
      for (const text of ['one', 'two', 'three']) sent.push(await send(citizenSocket, { message: text }));
      const id = sent[0].conversation_id;

      const staffList = await t.http.get('/chat/conversations', { token: u.staff.token });
      expect(staffList.status).toBe(200);
      expect(Number(staffList.headers.get('x-query-count'))).toBeLessThanOrEqual(3);
      const inStaffList = staffList.body.results.find((c: { id: string }) => c.id === id);
      expect(inStaffList).toMatchObject({ citizen: citizen.id, citizen_name: 'করিম', unread_count: 3, last_message: sent[2] });
      expect(inStaffList.last_message_at).toBe(sent[2].timestamp);
      // The most recent thread comes first.
      expect(staffList.body.results[0].id).toBe(id);
      const citizenList = await t.http.get('/chat/conversations', { token: citizen.token });
      expect(citizenList.body).toMatchObject({ count: 1, next: null, previous: null });
      expect(citizenList.body.results[0]).toMatchObject({ id, unread_count: 0 });
      // Staff of another ward do not see it; admins do.
      const otherList = await t.http.get('/chat/conversations', { token: u.otherStaff.token });
      expect(otherList.body.results.map((c: { id: string }) => c.id)).not.toContain(id);
      const adminList = await t.http.get(`/chat/conversations?ward=${geo.wardIds[0]}&type=support`, { token: u.admin.token });
      expect(adminList.body.results.find((c: { id: string }) => c.id === id)).toMatchObject({ unread_count: 3 });

      const receipt = nextEvent(citizenSocket, 'chat_read');
      const read = await t.http.post(`/chat/conversations/${id}/read`, undefined, { token: u.staff.token });
      expect(read.status).toBe(200);
      expect(read.body).toEqual({
        conversation_id: id,
        reader_id: u.staff.id,
        side: 'staff',
        marked_read: 3,
        read_at: expect.stringMatching(TIMESTAMP),
      });
      expect(await receipt).toEqual(read.body);
      // Read state is shared by the staff side: the admin's count drops too.
      const after = await t.http.get(`/chat/conversations/${id}`, { token: u.admin.token });
      expect(after.body.unread_count).toBe(0);
      const history = await t.http.get(`/chat/conversations/${id}/messages`, { token: citizen.token });
      expect(history.body.results.map((m: { is_read: boolean }) => m.is_read)).toEqual([true, true, true]);
      expect((await t.http.post(`/chat/conversations/${id}/read`, {}, { token: u.staff.token })).body.marked_read).toBe(0);

      const r1 = await send(staffSocket, { conversation_id: id, message: 'reply 1' });
      await send(staffSocket, { conversation_id: id, message: 'reply 2' });
      expect((await t.http.get(`/chat/conversations/${id}`, { token: citizen.token })).body.unread_count).toBe(2);
      const staffReceipt = nextEvent(staffSocket, 'chat_read');
      const partial = await ack(citizenSocket, 'mark_read', { conversation_id: id, up_to: r1.id });
      expect(partial).toMatchObject({ conversation_id: id, reader_id: citizen.id, side: 'citizen', marked_read: 1 });
      expect(await staffReceipt).toEqual(partial);
      expect((await t.http.get(`/chat/conversations/${id}`, { token: citizen.token })).body.unread_count).toBe(1);
      const unknown = await t.http.post(`/chat/conversations/${id}/read`, { up_to: randomUUID() }, { token: citizen.token });
      expect([unknown.status, unknown.body]).toEqual([400, { up_to: ['No such message in this conversation.'] }]);
    });

    it('pages history by cursor: older with before, newer (oldest first) with after', async () => {
      const citizen = await citizenIn(geo.wardIds[0]);
      const socket = await open(citizen);
      const sent = [];
      for (let i = 1; i <= 5; i++) sent.push(await send(socket, { message: `m${i}` }));
      const id = sent[0].conversation_id;
      const texts = (page: { results: Array<{ message: string }> }) => page.results.map((m) => m.message);

      const first = await t.http.get(`/chat/conversations/${id}/messages?limit=2`, { token: citizen.token });
      expect(texts(first.body)).toEqual(['m5', 'm4']);
      expect(first.body.next).toContain(`before=${sent[3].id}`);
      const second = await t.http.get(first.body.next, { token: citizen.token });
      expect(texts(second.body)).toEqual(['m3', 'm2']);
      const third = await t.http.get(second.body.next, { token: citizen.token });
      expect([texts(third.body), third.body.next]).toEqual([['m1'], null]);

      const polled = await t.http.get(`/chat/conversations/${id}/messages?after=${sent[1].id}&limit=2`, { token: citizen.token });
      expect(texts(polled.body)).toEqual(['m3', 'm4']);
      const rest = await t.http.get(polled.body.next, { token: citizen.token });
      expect([texts(rest.body), rest.body.next]).toEqual([['m5'], null]);
      // A timestamp works as a cursor too (timestamps are exact to the millisecond).
      const byTime = await t.http.get(`/chat/conversations/${id}/messages?after=${encodeURIComponent(sent[2].timestamp)}`, {
        token: citizen.token,
      });
      expect(texts(byTime.body)).toEqual(['m4', 'm5']);

      const both = await t.http.get(`/chat/conversations/${id}/messages?before=${sent[1].id}&after=${sent[0].id}`, {
        token: citizen.token,
      });
      expect([both.status, both.body]).toEqual([400, { non_field_errors: ['Give either before or after, not both.'] }]);
      const bad = await t.http.get(`/chat/conversations/${id}/messages?before=yesterday&limit=500`, { token: citizen.token });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body).sort()).toEqual(['before', 'limit']);
    });
  });

  describe('complaint threads', () => {
    it("joins a complaint's owner and its ward's staff; a status change reaches the owner's socket; a ward hand-over moves the thread", async () => {
      const owner = await citizenIn(geo.wardIds[0]);
      const filed = await t.http.post('/complaints', complaint, { token: owner.token });
      expect(filed.status).toBe(201);
      const complaintId = filed.body.id as string;

      const thread = await t.http.get(`/chat/complaints/${complaintId}`, { token: owner.token });
      expect(thread.status).toBe(200);
      expect(thread.body).toMatchObject({ type: 'complaint', citizen: owner.id, complaint: complaintId, ward: geo.wardIds[0] });
      expect((await t.http.get(`/chat/complaints/${complaintId}`, { token: u.staff.token })).body.id).toBe(thread.body.id);
      expect((await t.http.get(`/chat/complaints/${complaintId}`, { token: u.otherStaff.token })).status).toBe(404);
      expect((await t.http.get(`/chat/complaints/${complaintId}`, { token: u.otherCitizen.token })).status).toBe(404);
      expect((await t.http.get(`/chat/conversations?complaint=${complaintId}`, { token: owner.token })).body.count).toBe(1);

      const ownerSocket = await open(owner);
      const staffSocket = await open(u.staff);
      expect((await ack(staffSocket, 'join_conversation', { conversation_id: thread.body.id })).joined).toBe(true);
      const atStaff = collect(staffSocket, 'chat_message');
      const question = await send(ownerSocket, { conversation_id: thread.body.id, message: 'কবে আসবেন?' });
      await waitFor(() => atStaff.length === 1);
      expect(atStaff[0]).toEqual(question);

      const statusPush = nextEvent(ownerSocket, 'complaint_status');
      const changed = await t.http.patch(
        `/complaints/${complaintId}/update_status`,
        { status: 'প্রক্রিয়াধীন', note: 'দল পাঠানো হয়েছে' },
        { token: u.staff.token },
      );
      expect(changed.status).toBe(200);
      expect(await statusPush).toMatchObject({ complaint_id: complaintId, status: 'প্রক্রিয়াধীন', note: 'দল পাঠানো হয়েছে' });

      // Handed over to ward 2: its staff take the thread; ward 1's staff lose it, live sockets included.
      const moved = await t.http.patch(`/complaints/${complaintId}`, { ward: geo.wardIds[1] }, { token: u.staff.token });
      expect(moved.status).toBe(200);
      expect((await t.http.get(`/chat/conversations/${thread.body.id}`, { token: u.otherStaff.token })).body.ward).toBe(
        geo.wardIds[1],
      );
      expect((await t.http.get(`/chat/conversations/${thread.body.id}`, { token: u.staff.token })).status).toBe(404);
      const newWardSocket = await open(u.otherStaff);
      const atNewWard = nextEvent(newWardSocket, 'chat_message');
      const later = await send(ownerSocket, { conversation_id: thread.body.id, message: 'still waiting' });
      expect(await atNewWard).toEqual(later);
      await sleep(300);
      expect(atStaff).toHaveLength(1);
    });
  });

  describe('attachments', () => {
    let png: Buffer;
    beforeAll(async () => {
      png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2a7' } })
        .png()
        .withMetadata({ exif: { IFD0: { Copyright: 'gps here' } } })
        .toBuffer();
    });
    const upload = (user: TestUser, conversationId: string, body: Buffer, fields: Record<string, string> = {}) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append('file', new Blob([body], { type: 'image/png' }), 'photo.png');
      return t.http.request('POST', `/chat/conversations/${conversationId}/messages`, { token: user.token, body: form });
    };

    it("removes the files of a complaint's thread from storage when the complaint is deleted", async () => {
      const owner = await citizenIn(geo.wardIds[0]);
      const filed = await t.http.post('/complaints', complaint, { token: owner.token });
      const { body: thread } = await t.http.get(`/chat/complaints/${filed.body.id}`, { token: owner.token });
      const sent = await upload(owner, thread.id, png, { message: 'ছবি' });
      expect(sent.status).toBe(201);
      const [{ attachment_key: key }] = (
        await t.db.query('SELECT attachment_key FROM chat_messages WHERE id = $1', [sent.body.id])
      ).rows;
      const path = join(t.mediaRoot, key);
      expect(existsSync(path)).toBe(true);
      // A support thread's file of the same citizen is not the complaint's and stays.
      const { body: support } = await t.http.get('/chat/support', { token: owner.token });
      const kept = await upload(owner, support.id, png);
      const [{ attachment_key: keptKey }] = (
        await t.db.query('SELECT attachment_key FROM chat_messages WHERE id = $1', [kept.body.id])
      ).rows;

      expect((await t.http.delete(`/complaints/${filed.body.id}`, { token: owner.token })).status).toBe(204);
      expect((await t.db.query('SELECT 1 FROM chat_messages WHERE id = $1', [sent.body.id])).rowCount).toBe(0);
      await waitFor(() => !existsSync(path), { what: "the thread's file to be removed" });
      expect(existsSync(join(t.mediaRoot, keptKey))).toBe(true);
    });

    it('sends an image with a caption over multipart, delivers it, and serves it only to participants', async () => {
      const citizen = await citizenIn(geo.wardIds[0]);
      const { body: thread } = await t.http.get('/chat/support', { token: citizen.token });
      const staffSocket = await open(u.staff);
      const incoming = nextEvent(staffSocket, 'chat_message');
      const res = await upload(citizen, thread.id, png, { message: 'এই যে ছবি', client_id: 'photo-1' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        message: 'এই যে ছবি',
        client_id: 'photo-1',
        attachment: {
          url: `/api/v1/chat/conversations/${thread.id}/messages/${res.body.id}/attachment`,
          file_type: 'image',
          content_type: 'image/png',
          size: expect.any(Number),
        },
      });
      expect(await incoming).toEqual(res.body);

      const download = (user: TestUser) =>
        fetch(`${t.url}${res.body.attachment.url}`, { headers: { authorization: `Bearer ${user.token}` } });
      const mine = await download(citizen);
      expect(mine.status).toBe(200);
      expect(mine.headers.get('content-type')).toBe('image/png');
      const served = Buffer.from(await mine.arrayBuffer());
      expect((await sharp(served).metadata()).exif).toBeUndefined();
      expect((await download(u.staff)).status).toBe(200);
      expect((await download(u.otherCitizen)).status).toBe(404);
      expect((await download(u.otherStaff)).status).toBe(404);

      // A file alone is a message; a text message has nothing to download.
      const alone = await upload(citizen, thread.id, png);
      expect([alone.status, alone.body.message]).toEqual([201, '']);
      const text = await t.http.post(`/chat/conversations/${thread.id}/messages`, { message: 'plain' }, { token: citizen.token });
      expect(
        (await t.http.get(`/chat/conversations/${thread.id}/messages/${text.body.id}/attachment`, { token: citizen.token }))
          .status,
      ).toBe(404);
    });

    it('refuses a file that is not what it claims (415) and one over 10 MB (413)', async () => {
      const citizen = await citizenIn(geo.wardIds[0]);
      const { body: thread } = await t.http.get('/chat/support', { token: citizen.token });
      const html = Buffer.from('<!doctype html><script>alert(1)</script>');
      expect((await upload(citizen, thread.id, html, { message: 'look' })).status).toBe(415);
      const huge = Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024)]);
      expect((await upload(citizen, thread.id, huge)).status).toBe(413);
      expect(await messagesOf(thread.id)).toHaveLength(0);
    });
  });

  it("closes a user's sockets when they deactivate their account", async () => {
    const citizen = await citizenIn(geo.wardIds[0]);
    const socket = await open(citizen);
    const closed = disconnected(socket);
    expect((await t.http.delete('/users/me', { token: citizen.token })).status).toBe(204);
    expect(await closed).toBe('io server disconnect');
  });
});

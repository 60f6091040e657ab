import type { Socket } from 'socket.io-client';
import { createRoleUsers, seedGeography, type RoleUsers, type TestUser } from './helpers/fixtures.js';
import { ack, collect, connectSocket, connected, nextEvent } from './helpers/sockets.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { sleep, waitFor } from './helpers/wait.js';

/**
 * Two API instances on different ports sharing one PostgreSQL database and
 * one Redis (key prefix, queue prefix), as two replicas behind a load
 * balancer: a client of one talks to a client of the other through the
 * socket.io Redis adapter.
 */
describe('chat across two API instances', () => {
  let a: TestApp;
  let b: TestApp;
  let u: RoleUsers;
  const sockets: Socket[] = [];

  const open = async (app: TestApp, user: TestUser): Promise<Socket> => {
    const socket = connectSocket(app.url, { token: user.token });
    sockets.push(socket);
    return connected(socket);
  };

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({
      worker: false,
      env: { DATABASE_URL: a.env.DATABASE_URL, REDIS_KEY_PREFIX: a.env.REDIS_KEY_PREFIX, QUEUE_PREFIX: a.env.QUEUE_PREFIX },
    });
    u = await createRoleUsers(a, await seedGeography(a));
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('runs on two ports', () => {
    expect(a.url).not.toBe(b.url);
  });

  it('delivers a citizen message from instance A to staff on instance B, and the reply back', async () => {
    const citizen = await open(a, u.citizen);
    const staff = await open(b, u.staff);
    const otherWard = await open(b, u.otherStaff);
    const atOtherWard = collect(otherWard, 'chat_message');

    const atStaff = nextEvent(staff, 'chat_message');
    const sent = await ack(citizen, 'send_message', { message: 'A থেকে বলছি', client_id: 'multi-1' });
    expect(sent.id).toEqual(expect.any(String));
    expect(await atStaff).toEqual(sent);

    const atCitizen = nextEvent(citizen, 'chat_message');
    const reply = await ack(staff, 'send_message', { conversation_id: sent.conversation_id, message: 'B থেকে উত্তর' });
    expect(reply).toMatchObject({ sender_id: u.staff.id, receiver_id: u.citizen.id });
    expect(await atCitizen).toEqual(reply);

    await sleep(300);
    expect(atOtherWard).toEqual([]);
    const stored = await a.db.query('SELECT sender_id FROM chat_messages WHERE conversation_id = $1 ORDER BY created_at', [
      sent.conversation_id,
    ]);
    expect(stored.rows.map((r) => r.sender_id)).toEqual([u.citizen.id, u.staff.id]);
  });

  it('reaches a socket that joined the thread on the other instance, and delivers REST posts of one instance to sockets of the other', async () => {
    const { body: thread } = await a.http.get('/chat/support', { token: u.citizen.token });
    const admin = await open(a, u.admin);
    expect((await ack(admin, 'join_conversation', { conversation_id: thread.id })).joined).toBe(true);
    const atAdmin = collect(admin, 'chat_message');
    const citizen = await open(a, u.citizen);
    const atCitizen = nextEvent(citizen, 'chat_message');

    // A staff reply posted over REST to instance B.
    const posted = await b.http.post(
      `/chat/conversations/${thread.id}/messages`,
      { message: 'REST via B' },
      { token: u.staff.token },
    );
    expect(posted.status).toBe(201);
    expect(await atCitizen).toEqual(posted.body);
    await waitFor(() => atAdmin.length === 1, { what: 'the reply at the follower on A' });
    expect(atAdmin[0]).toEqual(posted.body);

    // A read on B tells the staff socket on A.
    const staffOnA = await open(a, u.staff);
    const receipt = nextEvent(staffOnA, 'chat_read');
    const read = await b.http.post(`/chat/conversations/${thread.id}/read`, {}, { token: u.citizen.token });
    expect(read.body.marked_read).toBeGreaterThanOrEqual(1);
    expect(await receipt).toEqual(read.body);
  });

  it('answers a repeated client_id with the first message whichever instance it reaches', async () => {
    const onA = await open(a, u.otherCitizen);
    const onB = await open(b, u.otherCitizen);
    const first = await ack(onA, 'send_message', { message: 'only once', client_id: 'multi-dedupe' });
    const again = await ack(onB, 'send_message', { message: 'only once', client_id: 'multi-dedupe' });
    expect(again).toEqual(first);
  });
});

import { getQueueToken } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import type { Socket } from 'socket.io-client';
import { createRoleUsers, seedGeography, type Geography, type RoleUsers } from './helpers/fixtures.js';
import { ack, connectSocket, connected } from './helpers/sockets.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The request id follows the work it causes: a job enqueued while serving a
 * request carries the request's id (X-Request-Id, or the one the API made up),
 * a job runs under that id, so the jobs *it* enqueues carry it too, and each
 * socket event is a request of its own with a fresh id. The id is passed
 * explicitly, so this holds as production runs, without request context
 * tracking (REQUEST_CONTEXT_TRACKING=false here); the scale-out test reads
 * the log lines.
 */
describe('request id in jobs and socket events', () => {
  let t: TestApp;
  let geo: Geography;
  let u: RoleUsers;
  let emergency: Queue;
  let notifications: Queue;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { EMERGENCY_ESCALATION_DELAY_MS: '300', REQUEST_CONTEXT_TRACKING: 'false' } });
    geo = await seedGeography(t);
    u = await createRoleUsers(t, geo);
    emergency = t.app.get<Queue>(getQueueToken('emergency'), { strict: false });
    notifications = t.app.get<Queue>(getQueueToken('notifications'), { strict: false });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t?.close();
  });

  const requestIdOf = (job: Job) => (job.opts as Record<string, unknown>).requestId;

  /** The push jobs (any state) whose data matches. */
  async function pushJobs(match: (data: Record<string, any>) => boolean): Promise<Job[]> {
    const jobs = await notifications.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
    return jobs.filter((job) => job && job.name === 'send-push' && match(job.data));
  }

  it("gives a job the id of the request that caused it, and the job's own jobs the same id", async () => {
    const res = await t.http.post(
      '/emergency/requests',
      { emergency_type: 'অগ্নিকাণ্ড', description: 'Smoke from a shop', location: 'Mirpur 10', latitude: 23.8, longitude: 90.36 },
      { token: u.citizen.token, headers: { 'x-request-id': 'trace-emergency-0001' } },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('trace-emergency-0001');
    // Without tracking, statements are not counted per request.
    expect(res.headers.get('x-query-count')).toBeNull();
    const id = res.body.id as string;

    const escalation = await waitFor(() => emergency.getJob(`escalate-emergency-${id}`), { what: 'the escalation job' });
    expect(requestIdOf(escalation!)).toBe('trace-emergency-0001');
    expect(await escalation!.finished()).toEqual({ escalated: true });

    // The escalation ran under the request's id: the pushes it queued for the admin carry it.
    const pushes = await waitFor(
      async () => {
        const found = await pushJobs((d) => d.userId === u.admin.id && d.data?.emergency_request_id === id);
        return found.length ? found : undefined;
      },
      { what: "the escalation's push to the admin" },
    );
    for (const push of pushes) expect(requestIdOf(push)).toBe('trace-emergency-0001');
  });

  it('makes up a request id when the client sends none (or an unusable one), and carries that', async () => {
    const res = await t.http.post(
      '/emergency/requests',
      { emergency_type: 'অগ্নিকাণ্ড', description: 'Smoke again', location: 'Mirpur 11' },
      { token: u.citizen.token, headers: { 'x-request-id': 'not a usable id\u00e9' } },
    );
    expect(res.status).toBe(201);
    const given = res.headers.get('x-request-id');
    expect(given).toMatch(UUID);
    const escalation = await waitFor(() => emergency.getJob(`escalate-emergency-${res.body.id}`), { what: 'the escalation job' });
    expect(requestIdOf(escalation!)).toBe(given);

    // An id too long to be one is replaced as well (it would otherwise reach every log line and the audit log).
    const long = await t.http.get('/health', { headers: { 'x-request-id': 'a'.repeat(101) } });
    expect(long.headers.get('x-request-id')).toMatch(UUID);
    const none = await t.http.get('/health');
    expect(none.headers.get('x-request-id')).toMatch(UUID);
  });

  it('runs each socket event as a request of its own: the jobs it causes carry a fresh id', async () => {
    const citizen = await connected(connectSocket(t.url, { token: u.citizen.token }));
    const staff = await connected(connectSocket(t.url, { token: u.staff.token }));
    sockets.push(citizen, staff);
    const opened = await ack(citizen, 'send_message', { message: 'ড্রেন বন্ধ হয়ে আছে' });
    expect(opened.conversation_id).toEqual(expect.any(String));

    const first = await ack(staff, 'send_message', { conversation_id: opened.conversation_id, message: 'দেখছি' });
    const second = await ack(staff, 'send_message', { conversation_id: opened.conversation_id, message: 'লোক পাঠানো হয়েছে' });
    // Each staff reply is pushed to the citizen's phone by a job.
    const pushFor = (messageId: string) =>
      waitFor(async () => (await pushJobs((d) => d.userId === u.citizen.id && d.data?.message_id === messageId))[0], {
        what: `the push for message ${messageId}`,
      });
    const [a, b] = [await pushFor(first.id), await pushFor(second.id)];
    expect(requestIdOf(a)).toMatch(UUID);
    expect(requestIdOf(b)).toMatch(UUID);
    expect(requestIdOf(a)).not.toBe(requestIdOf(b));
  });
});

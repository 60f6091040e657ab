import { createHmac } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { RealtimePublisher } from '../src/modules/realtime/realtime.publisher.js';
import { createUser, type TestUser } from './helpers/fixtures.js';
import { connectSocket, connected, disconnected, nextEvent } from './helpers/sockets.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

function b64url(value: object | Buffer): string {
  return (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');
}

/** Re-signs a token's claims with changes (the tests hold the app's SECRET_KEY). */
function resign(token: string, secret: string, changes: Record<string, unknown>): string {
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
  const header = b64url({ alg: 'HS256', typ: 'JWT' });
  const body = b64url({ ...claims, ...changes });
  const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}

describe('realtime: socket.io handshake, rooms and lifecycle', () => {
  let t: TestApp;
  let user: TestUser;
  const sockets: Socket[] = [];
  const open = (options: Parameters<typeof connectSocket>[1]) => {
    const socket = connectSocket(t.url, options);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { SOCKET_IDLE_TIMEOUT_MS: '3000' } });
    user = await createUser(t);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(() => t?.close());

  it('refuses a handshake without a token', async () => {
    await expect(connected(open({}))).rejects.toMatchObject({ message: 'unauthorized' });
  });

  it('refuses a forged, expired or refresh token', async () => {
    const forged = resign(user.token, 'not-the-secret-key-not-the-secret-key', {});
    await expect(connected(open({ token: forged }))).rejects.toThrow('unauthorized');
    const expired = resign(user.token, t.env.SECRET_KEY, { exp: Math.floor(Date.now() / 1000) - 10 });
    await expect(connected(open({ token: expired }))).rejects.toThrow('unauthorized');
    await expect(connected(open({ token: user.refreshToken }))).rejects.toThrow('unauthorized');
  });

  it('accepts the token in auth.token or an Authorization header and delivers events to the user room', async () => {
    const a = await connected(open({ token: user.token }));
    const b = await connected(open({ token: user.token, viaHeader: true }));
    const gotA = nextEvent(a, 'notification');
    const gotB = nextEvent(b, 'notification');
    t.app.get(RealtimePublisher).toUser(user.id, 'notification', { hello: 'world' });
    expect(await gotA).toEqual({ hello: 'world' });
    expect(await gotB).toEqual({ hello: 'world' });
  });

  it('closes the sockets of a login when it logs out', async () => {
    const other = await createUser(t);
    const socket = await connected(open({ token: other.token }));
    const closed = disconnected(socket);
    const res = await t.http.post('/auth/logout', { refresh_token: other.refreshToken }, { token: other.token });
    expect(res.status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    await expect(connected(open({ token: other.token }))).rejects.toThrow('unauthorized');
  });

  it('closes a socket when its token expires', async () => {
    const soon = resign(user.token, t.env.SECRET_KEY, { exp: Math.floor(Date.now() / 1000) + 2 });
    const socket = await connected(open({ token: soon }));
    const expired = nextEvent(socket, 'token_expired', 4_000);
    const closed = disconnected(socket, 4_000);
    await expired;
    expect(await closed).toBe('io server disconnect');
  });

  it('closes a socket that stays idle', async () => {
    const socket = await connected(open({ token: user.token }));
    expect(await disconnected(socket, 6_000)).toBe('io server disconnect');
  });
});

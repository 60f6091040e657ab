import { createHash } from 'node:crypto';
import { createUser, type TestUser } from './helpers/fixtures.js';
import { connectSocket, connected } from './helpers/sockets.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { decodeClaims, signHs256 } from './helpers/tokens.js';

const OLD_KEY = 'the-key-in-use-until-today-0123456789-abcdefgh';
const NEW_KEY = 'the-key-in-use-from-today-0123456789-ijklmnopq';
const kidOf = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16);
const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));

/**
 * Rotating SECRET_KEY (README, runbook): with SECRET_KEY=new and
 * SECRET_KEY_PREVIOUS=old, tokens are signed with the new key and name it
 * (`kid`); tokens the old key signed stay valid — HTTP, refresh and socket
 * handshake — so nobody is logged out and instances still on the old key
 * during a rolling restart interoperate. Nothing else is accepted.
 */
describe('SECRET_KEY rotation', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ env: { SECRET_KEY: NEW_KEY, SECRET_KEY_PREVIOUS: OLD_KEY } });
    user = await createUser(t, { role: 'citizen' });
  });
  afterAll(() => t?.close());

  /** The user's real access token, as an instance still on the old key would have signed it. */
  const resigned = (token: string, key: string, header: Record<string, unknown>) => signHs256(decodeClaims(token), key, header);

  it('signs with the new key and names it in the header', async () => {
    expect(headerOf(user.token)).toEqual({ alg: 'HS256', typ: 'JWT', kid: kidOf(NEW_KEY) });
    expect(headerOf(user.refreshToken).kid).toBe(kidOf(NEW_KEY));
    expect((await t.http.get('/users/me', { token: user.token })).status).toBe(200);
  });

  it("accepts the old key's tokens: access, refresh and socket handshake", async () => {
    const access = resigned(user.token, OLD_KEY, { kid: kidOf(OLD_KEY) });
    const me = await t.http.get('/users/me', { token: access });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);

    const socket = await connected(connectSocket(t.url, { token: access }));
    socket.disconnect();

    const refresh = resigned(user.refreshToken, OLD_KEY, { kid: kidOf(OLD_KEY) });
    const refreshed = await t.http.post('/auth/refresh', { refresh_token: refresh });
    expect(refreshed.status).toBe(200);
    // What comes back is signed with the new key.
    expect(headerOf(refreshed.body.access_token).kid).toBe(kidOf(NEW_KEY));
  });

  it('refuses a token whose key and kid disagree, one without kid on the old key, and any other key', async () => {
    const cases: Array<[string, string]> = [
      ['old key, new kid', resigned(user.token, OLD_KEY, { kid: kidOf(NEW_KEY) })],
      ['old key, no kid', resigned(user.token, OLD_KEY, {})],
      ['new key, old kid', resigned(user.token, NEW_KEY, { kid: kidOf(OLD_KEY) })],
      ['another key, old kid', resigned(user.token, 'a-key-nobody-configured-0123456789-rstuvwxyz', { kid: kidOf(OLD_KEY) })],
    ];
    for (const [name, token] of cases) {
      const res = await t.http.get('/users/me', { token });
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
    }
    // A token without kid signed with the current key (issued before keys were named) still works.
    expect((await t.http.get('/users/me', { token: resigned(user.token, NEW_KEY, {}) })).status).toBe(200);
  });
});

describe('SECRET_KEY without a previous key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { SECRET_KEY: NEW_KEY } });
  });
  afterAll(() => t?.close());

  it("refuses the old key's tokens once SECRET_KEY_PREVIOUS is removed", async () => {
    const user = await createUser(t, { role: 'citizen' });
    const old = signHs256(decodeClaims(user.token), OLD_KEY, { kid: kidOf(OLD_KEY) });
    expect((await t.http.get('/users/me', { token: old })).status).toBe(401);
    expect((await t.http.get('/users/me', { token: user.token })).status).toBe(200);
  });
});

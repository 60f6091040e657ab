import { createUser } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait.js';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('sends an OTP through the queue to the SMS gateway', async () => {
    const u = await createUser(t);
    const res = await t.http.post('/auth/otp/request', { phone: u.phone, purpose: 'verify' });
    expect(res.status).toBe(200);
    const sms = await waitFor(() => t.sms.to(u.phone)[0], { what: 'sms' });
    expect(sms.api_key).toBe('test-sms-key');
    const code = /\d{6}/.exec(sms.message)![0];
    const v = await t.http.post('/auth/otp/verify', { phone: u.phone, code });
    expect(v.status).toBe(200);
    const me = await t.http.get('/auth/me', { token: u.token });
    expect(me.body.is_verified).toBe(true);
  });
});

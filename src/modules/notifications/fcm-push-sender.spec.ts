import { classifyFcmResponse, fcmMessage } from './fcm-push-sender.js';
import { NOTIFICATION_CATEGORY_CHOICES } from './notification.choices.js';
import { NOTIFICATION_CATEGORIES } from './notification.entity.js';

const FCM_ERROR = 'type.googleapis.com/google.firebase.fcm.v1.FcmError';
const BAD_REQUEST = 'type.googleapis.com/google.rpc.BadRequest';
const error = (status: number, code: string, details: object[] = []) => ({
  error: { code: status, status: code, message: code, details },
});

describe('classifyFcmResponse', () => {
  it('counts any 2xx as delivered', () => {
    expect(classifyFcmResponse(200, { name: 'projects/p/messages/1' }, null)).toEqual({ kind: 'delivered' });
  });

  it('prunes UNREGISTERED tokens', () => {
    const body = error(404, 'NOT_FOUND', [{ '@type': FCM_ERROR, errorCode: 'UNREGISTERED' }]);
    expect(classifyFcmResponse(404, body, null)).toMatchObject({ kind: 'unregistered' });
  });

  it('does not prune on a 404 without UNREGISTERED (a wrong project or URL)', () => {
    expect(classifyFcmResponse(404, error(404, 'NOT_FOUND'), null)).toMatchObject({ kind: 'rejected' });
    expect(classifyFcmResponse(404, 'not json', null)).toMatchObject({ kind: 'rejected' });
  });

  it('prunes a token FCM calls invalid, but not a message with an invalid field', () => {
    const badToken = error(400, 'INVALID_ARGUMENT', [{ '@type': FCM_ERROR, errorCode: 'INVALID_ARGUMENT' }]);
    expect(classifyFcmResponse(400, badToken, null)).toMatchObject({ kind: 'unregistered' });
    const tokenField = error(400, 'INVALID_ARGUMENT', [{ '@type': BAD_REQUEST, fieldViolations: [{ field: 'message.token' }] }]);
    expect(classifyFcmResponse(400, tokenField, null)).toMatchObject({ kind: 'unregistered' });
    const badData = error(400, 'INVALID_ARGUMENT', [
      { '@type': BAD_REQUEST, fieldViolations: [{ field: 'message.data[0].value' }] },
    ]);
    expect(classifyFcmResponse(400, badData, null)).toMatchObject({ kind: 'rejected' });
    const both = error(400, 'INVALID_ARGUMENT', [
      { '@type': FCM_ERROR, errorCode: 'INVALID_ARGUMENT' },
      { '@type': BAD_REQUEST, fieldViolations: [{ field: 'message.android.ttl' }] },
    ]);
    expect(classifyFcmResponse(400, both, null)).toMatchObject({ kind: 'rejected' });
    expect(classifyFcmResponse(400, error(400, 'INVALID_ARGUMENT'), null)).toMatchObject({ kind: 'rejected' });
  });

  it('retries rate limits and outages, with the Retry-After asked for', () => {
    const quota = error(429, 'RESOURCE_EXHAUSTED', [{ '@type': FCM_ERROR, errorCode: 'QUOTA_EXCEEDED' }]);
    expect(classifyFcmResponse(429, quota, '30')).toMatchObject({ kind: 'retry', retryAfterMs: 30_000 });
    expect(classifyFcmResponse(503, error(503, 'UNAVAILABLE'), null)).toMatchObject({ kind: 'retry', retryAfterMs: undefined });
    expect(classifyFcmResponse(500, '<html>oops</html>', null)).toMatchObject({ kind: 'retry' });
  });

  it('retries a refused OAuth token with a new one, but not an APNs credential problem', () => {
    expect(classifyFcmResponse(401, error(401, 'UNAUTHENTICATED'), null)).toMatchObject({ kind: 'retry', authFailed: true });
    const apns = error(401, 'UNAUTHENTICATED', [{ '@type': FCM_ERROR, errorCode: 'THIRD_PARTY_AUTH_ERROR' }]);
    expect(classifyFcmResponse(401, apns, null)).toMatchObject({ kind: 'rejected' });
  });

  it('keeps the token on a sender mismatch or missing permission', () => {
    const mismatch = error(403, 'PERMISSION_DENIED', [{ '@type': FCM_ERROR, errorCode: 'SENDER_ID_MISMATCH' }]);
    expect(classifyFcmResponse(403, mismatch, null)).toMatchObject({ kind: 'rejected' });
  });
});

describe('fcmMessage', () => {
  it('builds a v1 message with the notification, string data and platform priorities', () => {
    expect(fcmMessage('tok', { title: 'T', body: 'B', data: { a: '1' } })).toEqual({
      message: {
        token: 'tok',
        notification: { title: 'T', body: 'B' },
        data: { a: '1' },
        android: { priority: 'high', notification: { sound: 'default' } },
        apns: { headers: { 'apns-priority': '10' }, payload: { aps: { sound: 'default' } } },
        webpush: { headers: { Urgency: 'high' } },
      },
    });
  });

  it('leaves out empty data', () => {
    expect(fcmMessage('tok', { title: 'T', body: 'B', data: {} }).message).not.toHaveProperty('data');
  });
});

describe('notification categories', () => {
  it('has a labelled choice for every category, in the same order', () => {
    expect(NOTIFICATION_CATEGORY_CHOICES.map((c) => c.value)).toEqual([...NOTIFICATION_CATEGORIES]);
  });
});

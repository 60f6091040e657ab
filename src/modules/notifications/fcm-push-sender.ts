import { Logger } from '@nestjs/common';
import { gaxios, JWT } from 'google-auth-library';
import type { FcmConfig } from '../../config/push.config.js';
import { parseRetryAfter } from '../queue/retry-later.js';
import { PushSender, type PushMessage, type PushResult } from './push-sender.js';

export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

/**
 * Where google-auth-library sends the service account's JWT grant (it ignores
 * the key file's `token_uri`). A key file naming another endpoint (a private
 * Google endpoint, or the fake of the tests) is honoured by rewriting this URL.
 */
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** FCM HTTP v1 has no multicast: one request per token, this many in flight. */
export const FCM_SEND_CONCURRENCY = 10;

/** HTTP statuses after which the same request may succeed later. */
const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export type FcmOutcome =
  | { kind: 'delivered' }
  | { kind: 'unregistered' | 'rejected'; reason: string }
  | { kind: 'retry'; reason: string; retryAfterMs?: number; authFailed?: boolean };

interface FcmErrorBody {
  error?: {
    status?: string;
    message?: string;
    details?: { '@type'?: string; errorCode?: string; fieldViolations?: { field?: string }[] }[];
  };
}

/**
 * What an FCM v1 `messages:send` answer means for its token
 * (https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode):
 * - 2xx: delivered.
 * - `UNREGISTERED` (404): the app was uninstalled or the token expired → remove the token.
 * - `INVALID_ARGUMENT` (400) about the token (an FcmError without field
 *   violations, or a violation of `message.token` only) → remove the token.
 *   An invalid argument elsewhere in the message is our mistake: rejected,
 *   not retried, and the token is kept.
 * - 401: our OAuth token was refused → retry with a fresh one.
 * - 408/429/5xx: retry later, after `Retry-After` when given.
 * - Anything else (403 SENDER_ID_MISMATCH or PERMISSION_DENIED, 401
 *   THIRD_PARTY_AUTH_ERROR): a configuration problem a retry will not fix →
 *   rejected and logged, the token kept (a wrong project id must not wipe
 *   every device).
 */
export function classifyFcmResponse(status: number, body: unknown, retryAfter: string | null): FcmOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  const error = (body as FcmErrorBody | null)?.error;
  const details = Array.isArray(error?.details) ? error.details : [];
  const errorCode = details.find((d) => d['@type']?.endsWith('google.firebase.fcm.v1.FcmError'))?.errorCode;
  const violations = details
    .filter((d) => d['@type']?.endsWith('google.rpc.BadRequest'))
    .flatMap((d) => d.fieldViolations ?? [])
    .map((v) => v.field ?? '');
  const reason = `${status} ${errorCode ?? error?.status ?? 'error'}`;

  if (errorCode === 'UNREGISTERED') return { kind: 'unregistered', reason };
  if (status === 400 && (errorCode === 'INVALID_ARGUMENT' || error?.status === 'INVALID_ARGUMENT')) {
    const aboutToken = violations.length
      ? violations.every((field) => field === 'message.token')
      : errorCode === 'INVALID_ARGUMENT';
    return aboutToken ? { kind: 'unregistered', reason } : { kind: 'rejected', reason: `${reason} ${violations.join(',')}` };
  }
  if (status === 401 && errorCode !== 'THIRD_PARTY_AUTH_ERROR') return { kind: 'retry', reason, authFailed: true };
  if (TRANSIENT_STATUSES.has(status)) return { kind: 'retry', reason, retryAfterMs: parseRetryAfter(retryAfter) };
  return { kind: 'rejected', reason };
}

/** The v1 message for one device: the notification shown by the system, plus the app's data. */
export function fcmMessage(token: string, message: PushMessage): { message: Record<string, unknown> } {
  return {
    message: {
      token,
      notification: { title: message.title, body: message.body },
      ...(message.data && Object.keys(message.data).length ? { data: message.data } : {}),
      android: { priority: 'high', notification: { sound: 'default' } },
      apns: { headers: { 'apns-priority': '10' }, payload: { aps: { sound: 'default' } } },
      webpush: { headers: { Urgency: 'high' } },
    },
  };
}

/**
 * Push through FCM HTTP v1: `POST {FCM_BASE_URL}/v1/projects/{id}/messages:send`
 * for each token, authorised by an OAuth access token that google-auth-library
 * obtains with the service account key and caches until shortly before it
 * expires.
 */
export class FcmPushSender extends PushSender {
  private readonly logger = new Logger('FCM');
  private readonly endpoint: string;
  private auth: JWT;

  constructor(private readonly config: FcmConfig) {
    super();
    this.endpoint = `${config.baseUrl}/v1/projects/${encodeURIComponent(config.projectId)}/messages:send`;
    this.auth = this.createAuthClient();
  }

  async send(tokens: string[], message: PushMessage): Promise<PushResult> {
    const result: PushResult = { delivered: [], unregistered: [], rejected: [], retry: [] };
    if (!tokens.length) return result;
    const accessToken = await this.accessToken();
    let authFailed = false;
    await forEachLimited(tokens, FCM_SEND_CONCURRENCY, async (token) => {
      const outcome = await this.sendOne(token, message, accessToken);
      if (outcome.kind === 'delivered') {
        result.delivered.push(token);
        return;
      }
      result[outcome.kind].push(token);
      const level = outcome.kind === 'rejected' ? 'error' : 'warn';
      this.logger[level](`device …${token.slice(-8)}: ${outcome.kind} (${outcome.reason})`);
      if (outcome.kind === 'retry') {
        authFailed ||= outcome.authFailed === true;
        if (outcome.retryAfterMs !== undefined) result.retryAfterMs = Math.max(result.retryAfterMs ?? 0, outcome.retryAfterMs);
      }
    });
    // A refused access token is not reused: the next attempt signs a new grant.
    if (authFailed) this.auth = this.createAuthClient();
    return result;
  }

  private async accessToken(): Promise<string> {
    try {
      const { token } = await this.auth.getAccessToken();
      if (!token) throw new Error('no access token in the answer');
      return token;
    } catch (err) {
      // The library's message names the OAuth error, never the key; Bull keeps only message and stack.
      throw new Error(`FCM OAuth token not obtained: ${(err as Error).message}`, { cause: err });
    }
  }

  private async sendOne(token: string, message: PushMessage, accessToken: string): Promise<FcmOutcome> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json; charset=utf-8',
          accept: 'application/json',
        },
        body: JSON.stringify(fcmMessage(token, message)),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (err) {
      return { kind: 'retry', reason: `no answer (${(err as Error).name})` };
    }
    const text = await response.text().catch(() => '');
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (a proxy's error page): the status alone decides.
    }
    return classifyFcmResponse(response.status, body, response.headers.get('retry-after'));
  }

  private createAuthClient(): JWT {
    const { account, timeoutMs } = this.config;
    const transporter = new gaxios.Gaxios({ timeout: timeoutMs });
    if (account.tokenUri && account.tokenUri !== GOOGLE_TOKEN_URL) {
      const tokenUrl = new URL(account.tokenUri);
      transporter.interceptors.request.add({
        resolved: async (options) => {
          if (options.url.href === GOOGLE_TOKEN_URL) options.url = tokenUrl;
          return options;
        },
      });
    }
    return new JWT({
      email: account.clientEmail,
      key: account.privateKey,
      keyId: account.privateKeyId,
      scopes: [FCM_SCOPE],
      transporter,
    });
  }
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

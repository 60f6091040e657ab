import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { registerAs } from '@nestjs/config';
import { validateEnv, type Env } from './env.schema.js';

/** The fields of a Google service account key file that sending pushes needs. */
export interface ServiceAccount {
  clientEmail: string;
  privateKey: string;
  privateKeyId?: string;
  projectId?: string;
  /** OAuth token endpoint (`token_uri`); Google's own unless the file names another. */
  tokenUri?: string;
}

export interface FcmConfig {
  projectId: string;
  account: ServiceAccount;
  /** Without a trailing slash. */
  baseUrl: string;
  timeoutMs: number;
}

/**
 * Reads a service account key (the JSON Firebase downloads). Refuses anything
 * that could not sign a token, naming the variable but never echoing the key.
 */
export function parseServiceAccount(text: string, source: string): ServiceAccount {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${source}: not valid JSON`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${source}: must be a JSON object`);
  const fields = raw as Record<string, unknown>;
  const stringField = (key: string): string | undefined => {
    const value = fields[key];
    return typeof value === 'string' && value.trim() ? value : undefined;
  };
  if (fields.type !== undefined && fields.type !== 'service_account') {
    throw new Error(`${source}: type must be "service_account"`);
  }
  const clientEmail = stringField('client_email');
  const privateKey = stringField('private_key');
  if (!clientEmail || !privateKey) throw new Error(`${source}: needs client_email and private_key`);
  try {
    createPrivateKey(privateKey);
  } catch {
    throw new Error(`${source}: private_key is not a readable PEM private key`);
  }
  const tokenUri = stringField('token_uri');
  if (tokenUri !== undefined && !/^https?:\/\/[^\s/]+/.test(tokenUri))
    throw new Error(`${source}: token_uri must be an http(s) URL`);
  return {
    clientEmail,
    privateKey,
    privateKeyId: stringField('private_key_id'),
    projectId: stringField('project_id'),
    tokenUri,
  };
}

/** FCM settings, or undefined when no service account is configured (pushes are then logged). */
export function loadFcmConfig(env: Env): FcmConfig | undefined {
  let account: ServiceAccount | undefined;
  if (env.FCM_SERVICE_ACCOUNT_JSON) {
    account = parseServiceAccount(env.FCM_SERVICE_ACCOUNT_JSON, 'FCM_SERVICE_ACCOUNT_JSON');
  } else if (env.FCM_SERVICE_ACCOUNT_FILE) {
    let text: string;
    try {
      text = readFileSync(env.FCM_SERVICE_ACCOUNT_FILE, 'utf8');
    } catch (err) {
      throw new Error(
        `FCM_SERVICE_ACCOUNT_FILE: cannot read ${env.FCM_SERVICE_ACCOUNT_FILE} (${(err as NodeJS.ErrnoException).code})`,
        { cause: err },
      );
    }
    account = parseServiceAccount(text, 'FCM_SERVICE_ACCOUNT_FILE');
  }
  if (!account) return undefined;
  const projectId = env.FCM_PROJECT_ID ?? account.projectId;
  if (!projectId) throw new Error('FCM_PROJECT_ID: required (the service account names no project_id)');
  return { projectId, account, baseUrl: env.FCM_BASE_URL.replace(/\/+$/, ''), timeoutMs: env.FCM_TIMEOUT_MS };
}

export const pushConfig = registerAs('push', () => ({ fcm: loadFcmConfig(validateEnv(process.env)) }));
export type PushConfig = ReturnType<typeof pushConfig>;

import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnv } from './env.schema.js';
import { loadFcmConfig, parseServiceAccount } from './push.config.js';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const account = {
  type: 'service_account',
  project_id: 'city-app',
  private_key_id: 'k1',
  private_key: privateKey,
  client_email: 'push@city-app.iam.gserviceaccount.com',
  token_uri: 'https://oauth2.googleapis.com/token',
};
const json = JSON.stringify(account);

describe('push config', () => {
  it('is off (pushes logged) when no service account is given', () => {
    expect(loadFcmConfig(validateEnv({}))).toBeUndefined();
  });

  it('reads an inline service account, taking the project id from it unless FCM_PROJECT_ID says otherwise', () => {
    expect(loadFcmConfig(validateEnv({ FCM_SERVICE_ACCOUNT_JSON: json }))).toEqual({
      projectId: 'city-app',
      baseUrl: 'https://fcm.googleapis.com',
      timeoutMs: 10_000,
      account: {
        clientEmail: account.client_email,
        privateKey,
        privateKeyId: 'k1',
        projectId: 'city-app',
        tokenUri: account.token_uri,
      },
    });
    const env = validateEnv({ FCM_SERVICE_ACCOUNT_JSON: json, FCM_PROJECT_ID: 'other', FCM_BASE_URL: 'http://127.0.0.1:9/' });
    expect(loadFcmConfig(env)).toMatchObject({ projectId: 'other', baseUrl: 'http://127.0.0.1:9' });
  });

  it('reads the service account from a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-fcm-'));
    try {
      const file = join(dir, 'key.json');
      writeFileSync(file, json);
      expect(loadFcmConfig(validateEnv({ FCM_SERVICE_ACCOUNT_FILE: file }))?.account.clientEmail).toBe(account.client_email);
      expect(() => loadFcmConfig(validateEnv({ FCM_SERVICE_ACCOUNT_FILE: join(dir, 'missing.json') }))).toThrow(
        /FCM_SERVICE_ACCOUNT_FILE: cannot read .*ENOENT/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('needs a project id from somewhere', () => {
    const { project_id: _omitted, ...withoutProject } = account;
    const env = validateEnv({ FCM_SERVICE_ACCOUNT_JSON: JSON.stringify(withoutProject) });
    expect(() => loadFcmConfig(env)).toThrow(/FCM_PROJECT_ID/);
  });

  it('refuses half or double configuration', () => {
    expect(() => validateEnv({ FCM_PROJECT_ID: 'city-app' })).toThrow(/FCM_PROJECT_ID: needs/);
    expect(() => validateEnv({ FCM_SERVICE_ACCOUNT_JSON: json, FCM_SERVICE_ACCOUNT_FILE: '/k.json' })).toThrow(/not both/);
    expect(() => validateEnv({ FCM_BASE_URL: 'fcm.googleapis.com' })).toThrow(/FCM_BASE_URL/);
  });
});

describe('parseServiceAccount', () => {
  const parse = (value: unknown) => () => parseServiceAccount(typeof value === 'string' ? value : JSON.stringify(value), 'SRC');

  it('refuses what cannot sign a token, without echoing the key', () => {
    expect(parse('{not json')).toThrow('SRC: not valid JSON');
    expect(parse([1])).toThrow('SRC: must be a JSON object');
    expect(parse({ ...account, type: 'authorized_user' })).toThrow(/SRC: type must be "service_account"/);
    expect(parse({ ...account, client_email: '' })).toThrow('SRC: needs client_email and private_key');
    expect(parse({ ...account, private_key: 'secret-but-not-pem' })).toThrow(
      /^SRC: private_key is not a readable PEM private key$/,
    );
    expect(parse({ ...account, token_uri: 'ftp://x' })).toThrow(/token_uri/);
  });
});

import { createHash, createSecretKey, type KeyObject } from 'node:crypto';

export interface SigningKey {
  /** Names the key in a token's header (`kid`): a digest prefix, which tells nothing of the key. */
  kid: string;
  /** A KeyObject, not the string: jsonwebtoken given a string first tries to parse it as a PEM key, on every call. */
  key: KeyObject;
}

function signingKey(secret: string): SigningKey {
  return {
    kid: createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16),
    key: createSecretKey(Buffer.from(secret, 'utf8')),
  };
}

/**
 * The JWT keys: tokens are signed with SECRET_KEY and name it in their
 * header; during a rotation, tokens signed with SECRET_KEY_PREVIOUS are still
 * accepted, so nobody is logged out and instances on either key (a rolling
 * restart) accept each other's tokens. The key is picked by the token's
 * `kid`, so a request still costs one HMAC. A token without `kid` (issued
 * before keys were named) is checked against the current key.
 */
export class SigningKeys {
  readonly current: SigningKey;
  private readonly previous?: SigningKey;

  constructor(secret: string, previousSecret?: string) {
    this.current = signingKey(secret);
    if (previousSecret && previousSecret !== secret) this.previous = signingKey(previousSecret);
  }

  /** The key to check `token` with; the current one when the token names no key or an unknown one (its check then fails). */
  keyFor(token: unknown): KeyObject {
    if (!this.previous || typeof token !== 'string') return this.current.key;
    const dot = token.indexOf('.');
    if (dot <= 0) return this.current.key;
    try {
      const header = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8')) as { kid?: unknown };
      return header.kid === this.previous.kid ? this.previous.key : this.current.key;
    } catch {
      return this.current.key;
    }
  }
}

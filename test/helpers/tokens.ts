import { createHmac } from 'node:crypto';

/**
 * Hand-made JWTs for attacking the API's token checks. They are built with
 * node:crypto rather than the library the server uses, so a test cannot pass
 * because both sides share the same mistake.
 */
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export type Claims = Record<string, unknown>;

/** An HS256 token with `claims`, signed with `secret`. */
export function signHs256(claims: Claims, secret: string, header: Claims = {}): string {
  const head = b64url({ alg: 'HS256', typ: 'JWT', ...header });
  const body = b64url(claims);
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

/** An unsigned token (`alg: none`, empty signature). */
export function unsigned(claims: Claims): string {
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
}

/** The claims of a token, without checking anything. */
export function decodeClaims(token: string): Claims {
  const [, body] = token.split('.');
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

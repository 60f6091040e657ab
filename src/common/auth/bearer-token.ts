/**
 * The token of an `Authorization: Bearer <token>` header (the scheme in any
 * case, as RFC 7235 allows), or null. The one reading of the header for the
 * API's guard and the queue board.
 */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = BEARER.exec(header);
  return match ? match[1] : null;
}

const BEARER = /^\s*bearer\s+(\S+)\s*$/i;

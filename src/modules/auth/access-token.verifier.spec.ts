import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { AccessTokenVerifier } from './access-token.verifier.js';
import type { TokenRevocationService } from './token-revocation.service.js';

const SECRET = 'unit-test-secret-unit-test-secret-0123456789';
const OPTIONS = { algorithm: 'HS256' as const, issuer: 'clean-care', audience: 'clean-care-app' };
const jwt = new JwtService({ secret: SECRET, signOptions: OPTIONS, verifyOptions: { ...OPTIONS, algorithms: ['HS256'] } });
// claimsOf never asks about revocation (toIdentity does, and is covered by the e2e suites against Redis).
const verifier = new AccessTokenVerifier(jwt, undefined as unknown as TokenRevocationService);

const access = (claims: Record<string, unknown> = {}, expiresIn = 60) =>
  jwt.sign({ sub: 'u1', sid: 's1', role: 'citizen', wards: [], ver: 0, typ: 'access', ...claims }, { expiresIn });

describe('AccessTokenVerifier.claimsOf (the verified-token cache)', () => {
  afterEach(() => jest.restoreAllMocks());

  it('accepts a good token, and again from its cache', () => {
    const token = access();
    expect(verifier.claimsOf(token)).toMatchObject({ sub: 'u1', typ: 'access' });
    expect(verifier.claimsOf(token)).toMatchObject({ sub: 'u1', typ: 'access' });
  });

  it('rejects a remembered token once it has expired', () => {
    const token = access({}, 30);
    const exp = verifier.claimsOf(token)!.exp as number;
    jest.spyOn(Date, 'now').mockReturnValue(exp * 1000 - 1);
    expect(verifier.claimsOf(token)).not.toBeNull();
    jest.spyOn(Date, 'now').mockReturnValue(exp * 1000);
    expect(verifier.claimsOf(token)).toBeNull();
  });

  it('rejects a remembered token whose text was altered (its signature is checked anew)', () => {
    const token = access();
    expect(verifier.claimsOf(token)).not.toBeNull();
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'u2', sid: 's1', role: 'admin', wards: [], ver: 0, typ: 'access', exp: 9e9 }),
    ).toString('base64url');
    expect(verifier.claimsOf(`${header}.${payload}.${signature}`)).toBeNull();
    expect(verifier.claimsOf(`${token}x`)).toBeNull();
  });

  it('rejects a token signed with another key, or for another audience', () => {
    const other = new JwtService({ secret: `${SECRET}-other`, signOptions: OPTIONS });
    expect(verifier.claimsOf(other.sign({ sub: 'u1', typ: 'access' }))).toBeNull();
    expect(verifier.claimsOf(jwt.sign({ sub: 'u1', typ: 'access' }, { audience: 'someone-else' }))).toBeNull();
  });

  it('hands out the remembered claims frozen, so no request can change them for the next', () => {
    const token = access({ role: 'staff', wards: ['w1'] });
    verifier.claimsOf(token);
    const claims = verifier.claimsOf(token)!;
    expect(Object.isFrozen(claims)).toBe(true);
    expect(() => claims.wards.push('w2')).toThrow(TypeError);
  });
});

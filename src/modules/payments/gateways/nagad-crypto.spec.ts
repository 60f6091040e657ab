import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto';
import { decryptWithPrivateKey, encryptWithPublicKey, loadPrivateKey, loadPublicKey, sign, verify } from './nagad-crypto.js';

describe('nagad-crypto', () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const publicDerB64 = (pair.publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');
  const privateDerB64 = (pair.privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer).toString('base64');
  const pkcs1DerB64 = (pair.privateKey.export({ type: 'pkcs1', format: 'der' }) as Buffer).toString('base64');

  it('loads keys as PEM, bare base64 PKCS#8/SPKI DER and bare base64 PKCS#1 DER', () => {
    for (const text of [publicPem, publicDerB64]) expect(loadPublicKey(text).asymmetricKeyType).toBe('rsa');
    for (const text of [privatePem, privateDerB64, pkcs1DerB64]) expect(loadPrivateKey(text).asymmetricKeyType).toBe('rsa');
  });

  it('round-trips a JSON text through PKCS#1 v1.5 encryption, Bengali included', () => {
    const plain = JSON.stringify({ merchantId: '683002007104225', orderId: 'CC2605011234ABCD', note: 'নগদ' });
    const cipher = encryptWithPublicKey(plain, loadPublicKey(publicDerB64));
    expect(cipher).not.toContain('merchantId');
    expect(decryptWithPrivateKey(cipher, loadPrivateKey(privateDerB64))).toBe(plain);
  });

  it('produces real PKCS#1 v1.5 blocks: what it encrypts another RSA implementation decrypts', () => {
    const cipher = encryptWithPublicKey('hello', pair.publicKey);
    const raw = privateDecrypt({ key: pair.privateKey, padding: constants.RSA_NO_PADDING }, Buffer.from(cipher, 'base64'));
    expect(raw[0]).toBe(0);
    expect(raw[1]).toBe(2);
    expect(raw.subarray(raw.length - 5).toString()).toBe('hello');
  });

  it('refuses a block that is not v1.5-padded', () => {
    const raw = Buffer.alloc(256, 7);
    raw[0] = 0;
    const cipher = publicEncrypt({ key: pair.publicKey, padding: constants.RSA_NO_PADDING }, raw).toString('base64');
    expect(() => decryptWithPrivateKey(cipher, pair.privateKey)).toThrow('bad RSA padding');
  });

  it('signs SHA256withRSA and verifies only the exact text with the matching key', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signature = sign('{"a":1}', pair.privateKey);
    expect(verify('{"a":1}', signature, pair.publicKey)).toBe(true);
    expect(verify('{"a":2}', signature, pair.publicKey)).toBe(false);
    expect(verify('{"a":1}', signature, other.publicKey)).toBe(false);
    expect(verify('{"a":1}', 'not base64 at all', pair.publicKey)).toBe(false);
  });
});

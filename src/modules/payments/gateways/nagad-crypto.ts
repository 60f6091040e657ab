import {
  constants,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  privateDecrypt,
  publicEncrypt,
  type KeyObject,
} from 'node:crypto';

/**
 * Nagad's message security: the sensitive part of each request is a JSON
 * text encrypted with Nagad's RSA public key (PKCS#1 v1.5 padding) and signed
 * SHA256withRSA with the merchant's private key; answers come back encrypted
 * with the merchant's public key and signed with Nagad's private key.
 */

/** A public key given as PEM or as bare base64 SPKI DER (how Nagad hands them out). */
export function loadPublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.includes('-----BEGIN')) return createPublicKey(trimmed);
  return createPublicKey({ key: Buffer.from(trimmed.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
}

/** A private key given as PEM (PKCS#8 or PKCS#1) or bare base64 DER (PKCS#8, else PKCS#1). */
export function loadPrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.includes('-----BEGIN')) return createPrivateKey(trimmed);
  const der = Buffer.from(trimmed.replace(/\s+/g, ''), 'base64');
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  }
}

/** RSA/ECB/PKCS1Padding encryption of a UTF-8 text, base64. */
export function encryptWithPublicKey(plain: string, key: KeyObject): string {
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(plain, 'utf8')).toString('base64');
}

/**
 * Decrypts a base64 PKCS#1 v1.5 block. Node refuses RSA_PKCS1_PADDING for
 * private decryption since CVE-2023-46809 (a timing oracle for whoever can
 * submit chosen ciphertexts to a decrypting server). Here the ciphertexts
 * are Nagad's answers to our own requests over TLS, and a padding failure
 * only ever fails our own request, so the raw RSA operation is done and the
 * v1.5 padding removed by hand: 0x00 0x02 <at least 8 non-zero bytes> 0x00 <message>.
 */
export function decryptWithPrivateKey(cipherBase64: string, key: KeyObject): string {
  const block = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.from(cipherBase64, 'base64'));
  if (block.length < 11 || block[0] !== 0x00 || block[1] !== 0x02) throw new Error('bad RSA padding');
  const separator = block.indexOf(0x00, 2);
  if (separator < 10) throw new Error('bad RSA padding');
  return block.subarray(separator + 1).toString('utf8');
}

/** SHA256withRSA signature of a UTF-8 text, base64. */
export function sign(plain: string, key: KeyObject): string {
  return createSign('sha256').update(plain, 'utf8').sign(key, 'base64');
}

export function verify(plain: string, signatureBase64: string, key: KeyObject): boolean {
  try {
    return createVerify('sha256').update(plain, 'utf8').verify(key, signatureBase64, 'base64');
  } catch {
    return false;
  }
}

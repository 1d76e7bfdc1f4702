// Digests of public material as the reference KMS computes them (`hashing::hash_element`): SHAKE-256 over an
// 8-byte ASCII domain separator followed by the bytes exactly as stored, read to 32 bytes. Hashing the stored bytes
// (not a re-serialisation) keeps digests stable across format upgrades. OpenSSL's SHAKE-256 (node:crypto) hashes a
// 106 MB server key in well under a second, where a JavaScript Keccak takes about 10 s.

import { createHash } from 'node:crypto';
import { checkSigningArg } from './errors.ts';

/** Domain separator of key digests (`PublicKey`, `ServerKey`, `CompressedXofKeySet`, …). */
export const DSEP_PUBDATA_KEY = 'PDAT_KEY';
/** Domain separator of CRS digests. */
export const DSEP_PUBDATA_CRS = 'PDAT_CRS';
/** Digest length in bytes. */
export const DIGEST_LENGTH = 32;

/** SHAKE-256(dsep ‖ bytes) read to `length` bytes; `dsep` is exactly 8 ASCII characters.
 * @example hashElement('PDAT_KEY', storedBytes)
 */
export function hashElement(dsep: string, bytes: Uint8Array, length = DIGEST_LENGTH): Uint8Array {
  checkSigningArg(
    typeof dsep === 'string' && /^[\x20-\x7e]{8}$/.test(dsep),
    'dsep: expected 8 ASCII characters',
  );
  checkSigningArg(bytes instanceof Uint8Array, 'bytes: expected a Uint8Array');
  checkSigningArg(Number.isInteger(length) && length > 0 && length <= 1024, 'length: expected 1..1024');
  const digest = createHash('shake256', { outputLength: length })
    .update(Buffer.from(dsep, 'ascii'))
    .update(bytes)
    .digest();
  return new Uint8Array(digest);
}

/** Digest of a stored key object (what `KeygenVerification.keyDigests` carries).
 * @example keyDigest(await publicVault.get({ dataType: 'ServerKey', id: keyId }))
 */
export function keyDigest(storedBytes: Uint8Array): Uint8Array {
  return hashElement(DSEP_PUBDATA_KEY, storedBytes);
}

/** Digest of a stored CRS (what `CrsgenVerification.crsDigest` carries).
 * @example crsDigest(await publicVault.get({ dataType: 'CRS', id: crsId }))
 */
export function crsDigest(storedBytes: Uint8Array): Uint8Array {
  return hashElement(DSEP_PUBDATA_CRS, storedBytes);
}

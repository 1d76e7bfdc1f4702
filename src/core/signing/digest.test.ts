import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crsDigest, hashElement, keyDigest } from './digest.ts';
import { SigningInvalidArgumentError } from './errors.ts';

// Independent SHAKE-256 (OpenSSL through node:crypto) over the concatenation dsep ‖ bytes.
function opensslShake(dsep: string, bytes: Uint8Array, length = 32): Buffer {
  return createHash('shake256', { outputLength: length })
    .update(Buffer.from(dsep, 'ascii'))
    .update(bytes)
    .digest();
}

describe('digests', () => {
  it('keyDigest = SHAKE-256("PDAT_KEY" ‖ stored bytes), 32 bytes', () => {
    for (const size of [0, 1, 136, 137, 5000]) {
      const bytes = new Uint8Array(randomBytes(size));
      const digest = keyDigest(bytes);
      expect(digest.length).toBe(32);
      expect(Buffer.from(digest).equals(opensslShake('PDAT_KEY', bytes))).toBe(true);
    }
  });

  it('crsDigest uses its own separator PDAT_CRS', () => {
    const bytes = new Uint8Array(randomBytes(300));
    expect(Buffer.from(crsDigest(bytes)).equals(opensslShake('PDAT_CRS', bytes))).toBe(true);
    expect(Buffer.from(crsDigest(bytes)).equals(Buffer.from(keyDigest(bytes)))).toBe(false);
  });

  it('hashElement supports other lengths and refuses separators that are not 8 ASCII characters', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(Buffer.from(hashElement('SESSN_ID', bytes, 16)).equals(opensslShake('SESSN_ID', bytes, 16))).toBe(
      true,
    );
    expect(() => hashElement('PDAT', bytes)).toThrow(SigningInvalidArgumentError);
    expect(() => hashElement('PDAT_KEYS', bytes)).toThrow(SigningInvalidArgumentError);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { shake256 } from '@noble/hashes/sha3.js';
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

  it('matches the JavaScript SHAKE-256 of @noble/hashes on the empty input and random inputs of several sizes', () => {
    const dsep = new TextEncoder().encode('PDAT_KEY');
    for (const size of [0, 1, 127, 128, 135, 136, 137, 1000, 65_537, 1 << 20]) {
      const bytes = new Uint8Array(randomBytes(size));
      const input = new Uint8Array(dsep.length + size);
      input.set(dsep);
      input.set(bytes, dsep.length);
      const digest = keyDigest(bytes);
      expect(digest).toBeInstanceOf(Uint8Array);
      expect(digest).toEqual(shake256(input, { dkLen: 32 }));
      expect(hashElement('PDAT_KEY', bytes, 100)).toEqual(shake256(input, { dkLen: 100 }));
    }
  });
});

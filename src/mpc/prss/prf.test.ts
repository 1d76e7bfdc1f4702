import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SubsetPrf } from './prf.ts';

describe('SubsetPrf', () => {
  const setKey = randomBytes(32);

  it('any slice of a key stream equals the same bytes of one long stream', () => {
    const prf = new SubsetPrf(setKey, 'sid-1');
    const whole = prf.bytes('random', 0, 4096);
    for (const [offset, length] of [
      [0, 16],
      [8, 40],
      [24, 24],
      [1000, 3096],
    ]) {
      expect(
        Buffer.compare(prf.bytes('random', offset, length), whole.subarray(offset, offset + length)),
      ).toBe(0);
    }
    const longer = prf.bytes('random', 0, 9000);
    expect(Buffer.compare(longer.subarray(0, 4096), whole)).toBe(0);
    expect(Buffer.compare(prf.bytes('random', 5000, 4000), longer.subarray(5000))).toBe(0);
    const words = prf.words('random', 3, 10);
    expect(words[0]).toBe(whole.readBigUInt64LE(24));
    expect(words[9]).toBe(whole.readBigUInt64LE(96));
  });

  it('is plain AES-CTR under the derived key, with the kind in the top byte of the counter block', () => {
    const prf = new SubsetPrf(setKey, 'sid-1', 256);
    const stream = prf.bytes('zero', 32, 32);
    // independent recomputation: counter block for block 2 of kind 2
    const len = Buffer.alloc(4);
    len.writeUInt32BE(5);
    const key = createHash('sha256')
      .update('tkms/prss/prf/v1')
      .update(setKey)
      .update(len)
      .update('sid-1')
      .digest();
    const iv = Buffer.alloc(16);
    iv[0] = 2;
    iv[15] = 2;
    const expected = createCipheriv('aes-256-ecb', key, null).update(Buffer.concat([iv, iv]));
    expect(stream.subarray(0, 16)).toEqual(expected.subarray(0, 16));
  });

  it('separates kinds, sessions and keys', () => {
    const a = new SubsetPrf(setKey, 'sid-1').bytes('random', 0, 64);
    expect(a).not.toEqual(new SubsetPrf(setKey, 'sid-1').bytes('zero', 0, 64));
    expect(a).not.toEqual(new SubsetPrf(setKey, 'sid-2').bytes('random', 0, 64));
    expect(a).not.toEqual(new SubsetPrf(randomBytes(32), 'sid-1').bytes('random', 0, 64));
    expect(a).toEqual(
      new SubsetPrf(Uint8Array.from(setKey), new TextEncoder().encode('sid-1')).bytes('random', 0, 64),
    );
  });

  it('gathers scattered elements exactly as the streams hold them', () => {
    const prf = new SubsetPrf(setKey, 'sid-g');
    for (const w of [3, 4, 6, 16]) {
      const picks = [
        { lane: 0, element: 0 },
        { lane: 0, element: 7 },
        { lane: 2, element: 1 },
        { lane: 1, element: 1000 },
        // counter blocks above 2^32
        { lane: 1, element: 2 ** 34 + 3 },
        { lane: 0, element: 2 ** 40 + 1 },
      ];
      const gathered = prf.gather('zero', w, picks);
      picks.forEach(({ lane, element }, k) => {
        expect(gathered.subarray(k * w, (k + 1) * w)).toEqual(prf.words('zero', element * w, w, lane));
      });
    }
  });

  it('checks its arguments', () => {
    expect(() => new SubsetPrf(randomBytes(16), 's')).toThrow(/setKey/);
    expect(() => new SubsetPrf(setKey, 's', 192 as 128)).toThrow(/aesBits/);
  });
});

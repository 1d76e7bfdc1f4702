import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addToCounterBlock, counterBlocks, SubsetPrf } from './prf.ts';

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

  it('is plain AES-CTR under the derived subset key, from the counter block derived from (session, kind, lane)', () => {
    // Independent recomputation with OpenSSL's CTR mode (128-bit big-endian increment) and createHash.
    const oracle = (aesBits: 128 | 256, sid: string, kind: number, lane: number, length: number) => {
      const key = createHash('sha256')
        .update('tkms/prss/prf/v2/key')
        .update(setKey)
        .digest()
        .subarray(0, aesBits / 8);
      const len = Buffer.alloc(4);
      len.writeUInt32BE(Buffer.byteLength(sid));
      const iv = createHash('sha256')
        .update('tkms/prss/prf/v2/iv')
        .update(len)
        .update(sid)
        .update(Uint8Array.of(kind, lane))
        .digest()
        .subarray(0, 16);
      return createCipheriv(`aes-${aesBits}-ctr`, key, iv).update(Buffer.alloc(length));
    };
    for (const aesBits of [128, 256] as const) {
      const prf = new SubsetPrf(setKey, 'sid-1', aesBits);
      // short slices (counter blocks + ECB) and long ones (CTR), at and off block boundaries
      const whole = oracle(aesBits, 'sid-1', 2, 3, 40_000);
      for (const [offset, length] of [
        [0, 16],
        [32, 32],
        [8, 40],
        [1000, 3000],
        [0, 40_000],
        [24, 39_976],
        [4000, 4096 + 7],
      ]) {
        expect(
          Buffer.compare(prf.bytes('zero', offset, length, 3), whole.subarray(offset, offset + length)),
        ).toBe(0);
      }
      expect(Buffer.compare(prf.bytes('mask', 16, 64), oracle(aesBits, 'sid-1', 3, 0, 80).subarray(16))).toBe(
        0,
      );
    }
  });

  it('numbers counter blocks as CTR mode does: carries through all 128 bits', () => {
    const big = (w: Uint32Array) => w.reduce((acc, x) => (acc << 32n) | BigInt(x), 0n);
    const startWords = [
      Uint32Array.of(0, 0, 0, 0),
      Uint32Array.of(1, 2, 3, 0xffffffff),
      Uint32Array.of(7, 0xffffffff, 0xffffffff, 0xfffffff0),
      Uint32Array.of(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff),
      Uint32Array.of(0x12345678, 0x9abcdef0, 0xfffe0000, 0x80000000),
    ];
    const out = Buffer.alloc(16);
    for (const start of startWords) {
      for (const block of [0, 1, 15, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 17, 2 ** 48 + 3, 2 ** 53 - 1]) {
        addToCounterBlock(out, 0, start, block);
        const expected = (big(start) + BigInt(block)) % (1n << 128n);
        expect(out.toString('hex')).toBe(expected.toString(16).padStart(32, '0'));
      }
      // runs of consecutive blocks, across the same carries, at an offset inside a larger buffer
      for (const first of [0, 2 ** 32 - 3, 2 ** 48 + 3, 2 ** 53 - 40]) {
        const run = Buffer.alloc(16 * 40 + 5);
        counterBlocks(run, 5, start, first, 40);
        for (let b = 0; b < 40; b++) {
          const expected = (big(start) + BigInt(first + b)) % (1n << 128n);
          expect(run.subarray(5 + 16 * b, 5 + 16 * (b + 1)).toString('hex')).toBe(
            expected.toString(16).padStart(32, '0'),
          );
        }
      }
    }
  });

  it('PRFs of one session may share their starting blocks: the same streams as unshared ones', () => {
    const starts = new Map<number, Uint32Array>();
    const otherKey = randomBytes(32);
    const shared = [
      new SubsetPrf(setKey, 'sid-s', 128, starts),
      new SubsetPrf(otherKey, 'sid-s', 128, starts),
    ];
    const alone = [new SubsetPrf(setKey, 'sid-s'), new SubsetPrf(otherKey, 'sid-s')];
    for (let k = 0; k < 2; k++) {
      expect(shared[k].bytes('mask', 48, 512)).toEqual(alone[k].bytes('mask', 48, 512));
      expect(shared[k].bytes('zero', 0, 64, 2)).toEqual(alone[k].bytes('zero', 0, 64, 2));
    }
    expect(starts.size).toBe(2);
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
    expect(() => new SubsetPrf(setKey, 's').bytes('zero', 0, 16, 256)).toThrow(/lane/);
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { galoisRing } from '../algebra/galois-ring.ts';
import { bigElement, signed } from '../prss/dealer.test-util.ts';
import { bitsPerTUniform, tUniformFromBits } from './tuniform.ts';

/** Uniform 0/1 elements (plain values, i.e. shares of a degree-0 sharing). */
function randomBits(ring: ReturnType<typeof galoisRing>, count: number): BigUint64Array {
  const v = ring.alloc(count);
  const noise = randomBytes(count);
  for (let i = 0; i < count; i++) v[i * ring.wordsPerElement] = BigInt(noise[i] & 1);
  return v;
}

describe('tUniformFromBits', () => {
  it.each([
    [64, 2],
    [128, 3],
  ] as const)(
    'GR(2^%i): samples lie in [−2^b, 2^b] and pass a chi-square test of TUniform(%i)',
    (bits, bound) => {
      const ring = galoisRing(bits, 3);
      const count = 16_000;
      const samples = tUniformFromBits(ring, randomBits(ring, count * bitsPerTUniform(bound)), count, bound);
      const B = 1 << bound;
      const histogram = new Array(2 * B + 1).fill(0);
      for (let i = 0; i < count; i++) {
        const [c0, ...rest] = bigElement(bits, 3, samples, i);
        expect(rest).toEqual([0n, 0n]);
        const e = Number(signed(bits, c0));
        expect(e).toBeGreaterThanOrEqual(-B);
        expect(e).toBeLessThanOrEqual(B);
        histogram[e + B]++;
      }
      let chi2 = 0;
      for (let e = -B; e <= B; e++) {
        const p = Math.abs(e) === B ? 2 ** -(bound + 2) : 2 ** -(bound + 1);
        const expected = p * count;
        chi2 += (histogram[e + B] - expected) ** 2 / expected;
      }
      // 2^(b+1) degrees of freedom (8 for b = 2, 16 for b = 3); the 99.99 % quantiles are 31.8 and 46.0
      expect(chi2).toBeLessThan(bound === 2 ? 31.8 : 46.0);
    },
  );

  it.each([
    [64, 41],
    [128, 62],
    [128, 100],
  ] as const)(
    'GR(2^%i), TUniform(%i) as in TFHE parameter sets: samples within [−2^b, 2^b], both signs',
    (bits, bound) => {
      const ring = galoisRing(bits, 4);
      const count = 400;
      const samples = tUniformFromBits(ring, randomBits(ring, count * bitsPerTUniform(bound)), count, bound);
      const limit = 1n << BigInt(bound);
      let negative = 0;
      let large = 0;
      for (let i = 0; i < count; i++) {
        const e = signed(bits, bigElement(bits, 4, samples, i)[0]);
        expect(e >= -limit && e <= limit).toBe(true);
        if (e < 0n) negative++;
        if ((e < 0n ? -e : e) > limit >> 2n) large++;
      }
      expect(negative).toBeGreaterThan(count / 4);
      expect(negative).toBeLessThan((3 * count) / 4);
      expect(large).toBeGreaterThan(count / 2); // |e| > 2^(b−2) with probability 3/4
    },
  );

  it('is exactly the weighted sum on fixed bits', () => {
    const ring = galoisRing(64, 3);
    const bound = 4;
    // one sample; planes 0..5 hold bits 1,0,1,1,0,1 → e = 1 + (0 + 2 + 4 + 0 + 16) − 16 = 7
    const bitsIn = [1, 0, 1, 1, 0, 1];
    const v = ring.alloc(6);
    bitsIn.forEach((b, j) => {
      v[j * 3] = BigInt(b);
    });
    expect(signed(64, tUniformFromBits(ring, v, 1, bound)[0])).toBe(7n);
    expect(() => tUniformFromBits(ring, v, 2, bound)).toThrow(/expected 12 shared bits/);
  });
});

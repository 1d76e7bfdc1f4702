import { describe, expect, it } from 'vitest';
import { AesCtrGenerator } from '../csprng/aes-ctr.ts';
import { sampleTUniform, sampleTUniform128 } from './noise.ts';

const gen = (b: number) => AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: new Uint8Array(16).fill(b) });

describe('TUniform sampling', () => {
  for (const b of [0, 2, 17, 31, 32, 45]) {
    it(`stays within [−2^${b}, 2^${b}] and reaches both halves`, () => {
      const samples = sampleTUniform(gen(b), b, 20000);
      let min = 0n;
      let max = 0n;
      for (const v of samples) {
        const s = BigInt.asIntN(64, v);
        if (s < min) min = s;
        if (s > max) max = s;
      }
      expect(max <= 1n << BigInt(b)).toBe(true);
      expect(min >= -(1n << BigInt(b))).toBe(true);
      expect(Number(max)).toBeGreaterThan(2 ** b * 0.9);
      expect(Number(min)).toBeLessThan(-(2 ** b) * 0.9);
    });
  }

  it('has the TUniform shape: P = 2^−(b+1) inside, 2^−(b+2) at the two ends (b = 2, chi-square)', () => {
    const b = 2;
    const count = 160000;
    const samples = sampleTUniform(gen(7), b, count);
    const hist = new Map<number, number>();
    for (const v of samples) {
      const s = Number(BigInt.asIntN(64, v));
      hist.set(s, (hist.get(s) ?? 0) + 1);
    }
    expect([...hist.keys()].sort((x, y) => x - y)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3, 4]);
    let chi2 = 0;
    for (let x = -4; x <= 4; x++) {
      const p = Math.abs(x) === 4 ? 1 / 16 : 1 / 8;
      const expected = p * count;
      chi2 += (hist.get(x)! - expected) ** 2 / expected;
    }
    // 8 degrees of freedom: P(chi2 > 26.1) ≈ 0.001.
    expect(chi2).toBeLessThan(26.1);
  });

  it('mean ≈ 0 and variance ≈ (2^(2b+1) + 1)/6 for b = 17', () => {
    const b = 17;
    const count = 50000;
    const samples = sampleTUniform(gen(9), b, count);
    let sum = 0;
    let sq = 0;
    for (const v of samples) {
      const s = Number(BigInt.asIntN(64, v));
      sum += s;
      sq += s * s;
    }
    const mean = sum / count;
    const variance = sq / count - mean * mean;
    // TUniform(b) variance = (2^(2b+1) + 1) / 6.
    const expected = (2 ** (2 * b + 1) + 1) / 6;
    expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(expected / count));
    expect(Math.abs(variance / expected - 1)).toBeLessThan(0.03);
  });

  it('is deterministic for a seeded generator and sign-extends to 128 bits', () => {
    const a = sampleTUniform(gen(1), 30, 100);
    const w = sampleTUniform128(gen(1), 30, 100);
    for (let i = 0; i < 100; i++) {
      expect(w[2 * i]).toBe(a[i]);
      expect(BigInt.asIntN(128, w[2 * i] | (w[2 * i + 1] << 64n))).toBe(BigInt.asIntN(64, a[i]));
    }
  });

  it('rejects bounds it cannot sample exactly', () => {
    expect(() => sampleTUniform(gen(1), 51, 1)).toThrow(/boundLog2/);
  });
});

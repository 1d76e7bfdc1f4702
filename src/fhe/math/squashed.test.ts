import { describe, expect, it } from 'vitest';
import { randomBits, randomU64Array } from './reference.test-util.ts';
import { decodeSquashedBlocks, lwePhase128, lwePhases128, recomposeSquashed } from './squashed.ts';

const M128 = (1n << 128n) - 1n;

describe('128-bit squashed-noise decoding', () => {
  it('phase mod 2^128 equals the BigInt re-computation and decodes m·2^123 + noise to m', () => {
    const n = 300;
    const key = randomBits(n, 1);
    const values = [0, 1, 7, 15, 9];
    const cts = new BigUint64Array(values.length * 2 * (n + 1));
    const mask = randomU64Array(values.length * 2 * n, 2);
    for (let c = 0; c < values.length; c++) {
      const o = c * 2 * (n + 1);
      let dot = 0n;
      for (let i = 0; i < n; i++) {
        const lo = mask[c * 2 * n + 2 * i];
        const hi = mask[c * 2 * n + 2 * i + 1];
        cts[o + 2 * i] = lo;
        cts[o + 2 * i + 1] = hi;
        if (key[i]) dot += lo | (hi << 64n);
      }
      const noise = BigInt((c % 2 ? -1 : 1) * 3) << 100n; // ±3·2^100, far below 2^122
      const body = (dot + (BigInt(values[c]) << 123n) + noise) & M128;
      cts[o + 2 * n] = body & 0xffffffffffffffffn;
      cts[o + 2 * n + 1] = body >> 64n;
      const [plo, phi] = lwePhase128(cts, key, o);
      expect(plo | (phi << 64n)).toBe(((BigInt(values[c]) << 123n) + noise) & M128);
    }
    const phases = lwePhases128(cts, key);
    expect(Array.from(decodeSquashedBlocks(phases))).toEqual(values);
  });

  it('rounds at ±2^122 and recombines 4-bit blocks', () => {
    const phases = new BigUint64Array([0n, (1n << 58n) - 1n, 0n, 1n << 58n, 0n, 0xffffffffffffffffn]);
    expect(Array.from(decodeSquashedBlocks(phases))).toEqual([0, 1, 0]);
    expect(recomposeSquashed([13, 10], 4, 8)).toBe(0xadn);
    expect(recomposeSquashed([1, 2, 3], 2, 6)).toBe(0b111001n);
  });
});

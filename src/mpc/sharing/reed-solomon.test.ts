import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { galoisField } from '../algebra/index.ts';
import { decodeGao } from './reed-solomon.ts';

// Oracle: carry-less multiplication reduced by F, independent of the field's log tables.
function mulOracle(a: number, b: number, d: number, modulus: number): number {
  let r = 0;
  for (let i = 0; i < d; i++) if ((b >> i) & 1) r ^= a << i;
  for (let i = 2 * d - 2; i >= d; i--) if ((r >> i) & 1) r ^= modulus << (i - d);
  return r;
}

function evalOracle(coeffs: number[], x: number, d: number, modulus: number): number {
  let acc = 0;
  for (let i = coeffs.length - 1; i >= 0; i--) acc = mulOracle(acc, x, d, modulus) ^ coeffs[i];
  return acc;
}

function pickDistinct(count: number, from: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(randomInt(from));
  return [...chosen].sort((a, b) => a - b);
}

describe('decodeGao', () => {
  for (const [d, n, dimension] of [
    [3, 4, 2],
    [3, 7, 3],
    [4, 10, 4],
    [4, 13, 5],
    [4, 13, 9],
    [8, 40, 11],
  ] as const) {
    it(`corrects up to ⌊(N−k)/2⌋ errors, d=${d} N=${n} k=${dimension}`, () => {
      const F = galoisField(d);
      const points = Array.from({ length: n }, (_, i) => i + 1);
      const radius = Math.floor((n - dimension) / 2);
      for (let trial = 0; trial < 30; trial++) {
        const message = Array.from({ length: dimension }, () => randomInt(F.size));
        const word = points.map((x) => evalOracle(message, x, d, F.modulus));
        const errors = pickDistinct(trial % (radius + 1), n);
        for (const e of errors) word[e] ^= 1 + randomInt(F.size - 1);
        const decoded = decodeGao(F, points, word, dimension);
        expect(decoded).toBeDefined();
        expect(decoded!.errorPositions).toEqual(errors);
        const padded = Array.from({ length: dimension }, (_, i) => decoded!.polynomial[i] ?? 0);
        expect(padded).toEqual(message);
      }
    });
  }

  it('never returns a polynomial farther than the radius from the word (beyond the bound)', () => {
    const F = galoisField(4);
    const points = Array.from({ length: 13 }, (_, i) => i + 1);
    let failures = 0;
    for (let trial = 0; trial < 200; trial++) {
      const word = points.map(() => randomInt(16));
      const decoded = decodeGao(F, points, word, 5);
      if (!decoded) {
        failures++;
        continue;
      }
      const poly = Array.from(decoded.polynomial);
      const disagreements = points.filter((x, i) => evalOracle(poly, x, 4, F.modulus) !== word[i]).length;
      expect(disagreements).toBe(decoded.errorPositions.length);
      expect(disagreements).toBeLessThanOrEqual(4);
    }
    expect(failures).toBeGreaterThan(0);
  });

  it('rejects mismatched lengths', () => {
    expect(() => decodeGao(galoisField(3), [1, 2, 3], [1, 2], 2)).toThrow(/received/);
  });
});

import { describe, expect, it } from 'vitest';
import { galoisField, IRREDUCIBLE_POLYNOMIALS } from './gf.ts';
import {
  polyAdd,
  polyDegree,
  polyDivMod,
  polyEval,
  polyFromRoots,
  polyInterpolate,
  polyMul,
} from './gf-poly.ts';

describe.each([3, 4, 5, 6, 7, 8])('GF(2^%i)', (d) => {
  const F = galoisField(d);
  const all = Array.from({ length: F.size }, (_, i) => i);

  it('uses the reference modulus and a generator of order 2^d − 1', () => {
    expect(F.modulus).toBe(IRREDUCIBLE_POLYNOMIALS[d]);
    const seen = new Set<number>();
    for (let i = 0; i < F.size - 1; i++) seen.add(F.pow(F.generator, i));
    expect(seen.size).toBe(F.size - 1);
    if (d === 4) expect(F.mul(2, 8)).toBe(3); // X·X³ = X⁴ = X + 1
    if (d === 8) expect(F.mul(0x57, 0x83)).toBe(0xc1); // the AES field (FIPS-197 example)
  });

  it('is a field: commutative, associative, distributive, no zero divisors, inverses', () => {
    const failures: string[] = [];
    for (const a of all) {
      for (const b of all) {
        if (F.mul(a, b) !== F.mul(b, a)) failures.push(`${a}·${b} not commutative`);
        if (a !== 0 && b !== 0 && F.mul(a, b) === 0) failures.push(`${a}·${b} = 0`);
      }
      if (a !== 0 && F.mul(a, F.inv(a)) !== 1) failures.push(`bad inverse of ${a}`);
    }
    expect(failures).toEqual([]);
    for (let i = 0; i < 200; i++) {
      const [a, b, c] = [(i * 7) % F.size, (i * 13 + 1) % F.size, (i * 29 + 3) % F.size];
      expect(F.mul(F.mul(a, b), c)).toBe(F.mul(a, F.mul(b, c)));
      expect(F.mul(a, b ^ c)).toBe(F.mul(a, b) ^ F.mul(a, c));
    }
    expect(() => F.inv(0)).toThrow(/no inverse/);
    expect(() => F.inv(F.size)).toThrow(/expected a GF/);
  });

  it('has square roots and solves x² + x = v exactly when a solution exists', () => {
    let solvable = 0;
    for (const v of all) {
      expect(F.mul(F.sqrt(v), F.sqrt(v))).toBe(v);
      const x = F.solveQuadratic(v);
      if (x !== undefined) {
        solvable++;
        expect(F.mul(x, x) ^ x).toBe(v);
        expect(x & 1).toBe(0);
      }
    }
    expect(solvable).toBe(F.size / 2);
  });

  it('divides, evaluates and interpolates polynomials', () => {
    const a = Uint8Array.from({ length: 7 }, (_, i) => (i * 5 + 3) % F.size);
    const b = Uint8Array.of(1, 2 % F.size, 0, 1);
    const { quotient, remainder } = polyDivMod(F, a, b);
    expect(polyDegree(remainder)).toBeLessThan(polyDegree(b));
    expect(polyAdd(polyMul(F, quotient, b), remainder)).toEqual(polyAdd(a, new Uint8Array(0)));
    const roots = [1, 2, 3];
    const p = polyFromRoots(F, roots);
    expect(polyDegree(p)).toBe(3);
    for (const r of roots) expect(polyEval(F, p, r)).toBe(0);
    const xs = [1, 2, 3, 4, 5, 6, 7];
    const ys = xs.map((x) => polyEval(F, a, x));
    expect(polyInterpolate(F, xs, ys)).toEqual(polyAdd(a, new Uint8Array(0)));
    expect(() => polyDivMod(F, a, new Uint8Array(1))).toThrow(/zero polynomial/);
  });
});

import { describe, expect, it } from 'vitest';
import { galoisRing } from '../algebra/galois-ring.ts';
import { bigElement, bigMul } from '../prss/dealer.test-util.ts';
import { solveQuadratic } from './solve.ts';

describe.each([64, 128] as const)('solveQuadratic over GR(2^%i, d)', (bits) => {
  it.each([3, 4, 5, 8])('d = %i: finds a root of r² + r = a² + a, one of a and −1 − a', (d) => {
    const ring = galoisRing(bits, d);
    const count = 200;
    const a = ring.randomVector(count);
    const v = ring.alloc(count);
    ring.mul(v, a, a);
    ring.add(v, v, a);
    const { roots, inverseOfOnePlusTwoRoots: y } = solveQuadratic(ring, v);
    let sameAsA = 0;
    for (let i = 0; i < count; i++) {
      const r = bigElement(bits, d, roots, i);
      const ai = bigElement(bits, d, a, i);
      // BigInt oracle: r² + r = v
      const rr = bigMul(bits, d, r, r).map((x, j) => BigInt.asUintN(bits, x + r[j]));
      expect(rr).toEqual(bigElement(bits, d, v, i));
      const minusOneMinusA = ai.map((x, j) => BigInt.asUintN(bits, -x - (j === 0 ? 1n : 0n)));
      const isA = r.every((x, j) => x === ai[j]);
      expect(isA || r.every((x, j) => x === minusOneMinusA[j])).toBe(true);
      if (isA) sameAsA++;
      // y·(1 + 2r) = 1
      const onePlusTwoR = r.map((x, j) => BigInt.asUintN(bits, 2n * x + (j === 0 ? 1n : 0n)));
      const product = bigMul(bits, d, bigElement(bits, d, y, i), onePlusTwoR);
      expect(product).toEqual([1n, ...new Array(d - 1).fill(0n)]);
    }
    // which of the two roots coincides with a is a fair coin (this is what makes the bits uniform)
    expect(sameAsA).toBeGreaterThan(count * 0.3);
    expect(sameAsA).toBeLessThan(count * 0.7);
  });

  it('rejects a v without roots', () => {
    const ring = galoisRing(bits, 4);
    // for d = 4, Tr(1) = 0 but Tr(X³) = 1: X² + X = X³ has no root in GF(16)
    const v = ring.fromBigints([0n, 0n, 0n, 1n]);
    expect(() => solveQuadratic(ring, v)).toThrow(/no root/);
  });
});

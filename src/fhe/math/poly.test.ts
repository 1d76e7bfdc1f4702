import { describe, expect, it } from 'vitest';
import { negacyclicMul, negacyclicMulBinary, reversePoly, semiReverseNegacyclicMul } from './poly.ts';
import { negacyclicRef, randomBits, randomU64Array } from './reference.test-util.ts';

describe('negacyclic products over Z_2^64[X]/(X^N+1)', () => {
  for (const n of [4, 16, 6, 256, 1024]) {
    it(`general product equals the BigInt schoolbook (N = ${n})`, () => {
      const a = randomU64Array(n, n);
      const b = randomU64Array(n, n + 1);
      expect(negacyclicMul(a, b)).toEqual(negacyclicRef(a, b));
    });
    it(`binary product equals the BigInt schoolbook (N = ${n})`, () => {
      const a = randomU64Array(n, 3 * n);
      const s = randomBits(n, 5 * n);
      expect(negacyclicMulBinary(a, s)).toEqual(negacyclicRef(a, s));
    });
  }

  it('N = 2048: binary and general kernels agree with each other and with the reference on sampled coefficients', () => {
    const n = 2048;
    const a = randomU64Array(n, 11);
    const s = randomBits(n, 12);
    const fast = negacyclicMulBinary(a, s);
    expect(negacyclicMul(a, s)).toEqual(fast);
    for (const k of [0, 1, 1000, 2047]) {
      let acc = 0n;
      for (let j = 0; j < n; j++) {
        if (!s[j]) continue;
        acc += k >= j ? a[k - j] : -a[k - j + n];
      }
      expect(fast[k]).toBe(BigInt.asUintN(64, acc));
    }
  });

  it('semi-reverse product is lhs · rev(rhs), and coefficient N−1−j is ⟨lhs · X^j, rhs⟩', () => {
    const n = 64;
    const a = randomU64Array(n, 21);
    const s = randomBits(n, 22);
    const out = semiReverseNegacyclicMul(a, s, true);
    expect(out).toEqual(negacyclicRef(a, reversePoly(s)));
    const shifted = new BigUint64Array(n);
    for (const j of [0, 5, 63]) {
      for (let i = 0; i < n; i++) shifted[i] = i >= j ? a[i - j] : -a[n + i - j];
      let dot = 0n;
      for (let i = 0; i < n; i++) dot += shifted[i] * s[i];
      expect(out[n - 1 - j]).toBe(BigInt.asUintN(64, dot));
    }
  });

  it('rejects mismatched sizes', () => {
    expect(() => negacyclicMul(new BigUint64Array(8), new BigUint64Array(4))).toThrow(/8 coefficients/);
  });
});

// Independent BigInt reference for GR(2^k, d) used by the tests: schoolbook product, then long division by the
// monic F(X) written out with all its coefficients.
import { IRREDUCIBLE_POLYNOMIALS } from './gf.ts';

export function refMul(bits: number, d: number, a: readonly bigint[], b: readonly bigint[]): bigint[] {
  const f = IRREDUCIBLE_POLYNOMIALS[d];
  const p = new Array<bigint>(2 * d - 1).fill(0n);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) p[i + j] += a[i] * b[j];
  for (let m = 2 * d - 2; m >= d; m--) {
    const q = p[m];
    for (let j = 0; j <= d; j++) if ((f >> j) & 1) p[m - d + j] -= q;
  }
  return p.slice(0, d).map((x) => BigInt.asUintN(bits, x));
}

export function refAdd(bits: number, a: readonly bigint[], b: readonly bigint[]): bigint[] {
  return a.map((x, i) => BigInt.asUintN(bits, x + b[i]));
}

/** Deterministic pseudo-random bigints (xorshift), so failures reproduce. */
export function seededBigints(seed: number, count: number, bits: number): bigint[] {
  let s = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n;
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    let x = 0n;
    for (let w = 0; w < bits; w += 64) {
      s ^= s << 13n;
      s &= (1n << 64n) - 1n;
      s ^= s >> 7n;
      s ^= s << 17n;
      s &= (1n << 64n) - 1n;
      x = (x << 64n) | s;
    }
    // Mix in edge values: 0, 1, 2^k − 1.
    const r = i % 11;
    out.push(r === 3 ? 0n : r === 5 ? 1n : r === 7 ? (1n << BigInt(bits)) - 1n : x);
  }
  return out;
}

// Test helpers: a trusted dealer for PRSS setups (tests of the draws must not depend on the setup protocol)
// and an independent BigInt model of GR(2^k, d) for oracles.
import { randomBytes } from 'node:crypto';
import { IRREDUCIBLE_POLYNOMIALS } from '../algebra/gf.ts';
import type { PrssSetup } from './prss.ts';
import { prssSubsets } from './subsets.ts';

/** Setups for parties 1..n sharing freshly random subset keys. */
export function dealPrssSetups(n: number, t: number): PrssSetup[] {
  const subsets = prssSubsets(n, t);
  const keys = subsets.map(() => randomBytes(32));
  return Array.from({ length: n }, (_, i) => {
    const party = i + 1;
    const mine = new Map<number, Uint8Array>();
    for (const s of subsets) if (s.members.includes(party)) mine.set(s.index, keys[s.index]);
    return { n, t, party, subsets, keys: mine };
  });
}

/** Product in GR(2^bits, d) by schoolbook multiplication and reduction with F written out (BigInt). */
export function bigMul(bits: number, d: number, a: readonly bigint[], b: readonly bigint[]): bigint[] {
  const f = IRREDUCIBLE_POLYNOMIALS[d];
  const p = new Array<bigint>(2 * d - 1).fill(0n);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) p[i + j] += a[i] * b[j];
  for (let m = 2 * d - 2; m >= d; m--) {
    for (let j = 0; j < d; j++) if ((f >> j) & 1) p[m - d + j] -= p[m];
  }
  return p.slice(0, d).map((x) => BigInt.asUintN(bits, x));
}

/** Element i of a word vector as d bigints. */
export function bigElement(bits: number, d: number, v: BigUint64Array, i: number): bigint[] {
  const out: bigint[] = [];
  for (let j = 0; j < d; j++) {
    out.push(bits === 64 ? v[i * d + j] : (v[(i * d + j) * 2 + 1] << 64n) | v[(i * d + j) * 2]);
  }
  return out;
}

/** A Z_2^k value as a signed integer in [−2^(k−1), 2^(k−1)). */
export function signed(bits: number, x: bigint): bigint {
  return BigInt.asIntN(bits, x);
}

import type { GaloisRing } from '../algebra/galois-ring.ts';
import { lagrangeCoefficients } from '../algebra/lagrange.ts';

/**
 * Interpolates the polynomial of degree `degree` through the shares of the first degree + 1 parties and returns
 * its value at 0, after checking that every other party's share lies on it (throws otherwise). `parties` names
 * the holders of `sharesByParty` (default 1..length).
 */
export function openConsistent(
  ring: GaloisRing,
  sharesByParty: readonly BigUint64Array[],
  degree: number,
  parties: readonly number[] = sharesByParty.map((_, i) => i + 1),
) {
  const base = parties.slice(0, degree + 1);
  const baseShares = sharesByParty.slice(0, degree + 1);
  const at = (x: number) => {
    const out = ring.alloc(ring.count(sharesByParty[0]));
    ring.linearCombination(out, baseShares, lagrangeCoefficients(ring, base, x));
    return out;
  };
  for (let k = degree + 1; k < parties.length; k++) {
    if (!ring.equals(at(parties[k]), sharesByParty[k])) {
      throw new Error(`share of party ${parties[k]} is off the degree-${degree} polynomial`);
    }
  }
  return at(0);
}

// The polynomials f_T of PRSS: degree t, f_T(0) = 1 and f_T(α_j) = 0 for every party j ∉ T, i.e.
// f_T(X) = Π_{j ∉ T} (α_j − X) / α_j. Only their values at the parties' points are ever needed, so they are
// computed once per (ring, n, t) as a table and never as coefficient vectors.
import type { GaloisRing } from '../algebra/galois-ring.ts';
import type { PrssSubset } from './subsets.ts';

/**
 * f_T(α_p) for every subset T and party p (1-based), as one vector: element T.index·n + (p − 1). Entries for
 * p ∉ T are 0 by construction. Cached per (ring, n, subsets); callers must not write to the result.
 * @example const F = subsetPolynomialPoints(R, 4, subsets); R.element(F, T.index * 4 + (p - 1))
 */
export function subsetPolynomialPoints(
  ring: GaloisRing,
  n: number,
  subsets: readonly PrssSubset[],
): BigUint64Array {
  const alpha = Array.from({ length: n + 1 }, (_, p) => ring.exceptionalPoint(p));
  const alphaInverse = alpha.map((a, p) => (p === 0 ? a : ring.inverse(a)));
  const table = ring.alloc(subsets.length * n);
  const factor = ring.alloc(1);
  for (const subset of subsets) {
    const outside: number[] = [];
    for (let j = 1; j <= n; j++) if (!subset.members.includes(j)) outside.push(j);
    for (let p = 1; p <= n; p++) {
      const value = ring.one();
      for (const j of outside) {
        ring.sub(factor, alpha[j], alpha[p]);
        ring.mul(factor, factor, alphaInverse[j]);
        ring.mul(value, value, factor);
      }
      table.set(value, (subset.index * n + p - 1) * ring.wordsPerElement);
    }
  }
  return table;
}

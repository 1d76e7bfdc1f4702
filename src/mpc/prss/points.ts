// The polynomials f_T of PRSS: degree t, f_T(0) = 1 and f_T(α_j) = 0 for every party j ∉ T, i.e.
// f_T(X) = Π_{j ∉ T} (α_j − X) / α_j. Only their values at the parties' points are ever needed, so they are
// computed once per (ring, n, t) as a table and never as coefficient vectors.
import type { GaloisRing } from '../algebra/galois-ring.ts';
import type { PrssSubset } from './subsets.ts';

/** Tables are party-independent and read-only after creation: every party state of a process shares one. */
const cache = new WeakMap<GaloisRing, Map<string, BigUint64Array>>();

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
  const key = `${n}:${subsets.map((s) => s.members.join(',')).join(';')}`;
  let perRing = cache.get(ring);
  if (!perRing) {
    perRing = new Map();
    cache.set(ring, perRing);
  }
  let table = perRing.get(key);
  if (!table) {
    table = computePoints(ring, n, subsets);
    perRing.set(key, table);
  }
  return table;
}

function computePoints(ring: GaloisRing, n: number, subsets: readonly PrssSubset[]): BigUint64Array {
  // factors[j] = the vector ((α_j − α_p)/α_j for p = 1..n): f_T at all parties is the product of factors[j], j ∉ T.
  const alpha = ring.exceptionalPoints(Array.from({ length: n }, (_, i) => i + 1));
  const factors = Array.from({ length: n + 1 }, (_, j) => {
    if (j === 0) return ring.alloc(0);
    const alphaJ = ring.element(alpha, j - 1);
    const column = tile(ring, alphaJ, n);
    ring.sub(column, column, alpha);
    ring.mul(column, column, tile(ring, ring.inverse(alphaJ), n));
    return column;
  });
  const ones = tile(ring, ring.one(), n);
  const table = ring.alloc(subsets.length * n);
  for (const subset of subsets) {
    const values = ring.slice(table, subset.index * n, (subset.index + 1) * n);
    values.set(ones);
    for (let j = 1; j <= n; j++) if (!subset.members.includes(j)) ring.mul(values, values, factors[j]);
  }
  return table;
}

function tile(ring: GaloisRing, element: BigUint64Array, count: number): BigUint64Array {
  const out = ring.alloc(count);
  for (let i = 0; i < count; i++) out.set(element, i * ring.wordsPerElement);
  return out;
}

// The PRSS subsets: every set T of n − t parties. Any t corrupt parties miss at least one T (the complement of
// their own set), so the PRF key of that T, and with it the sum Σ_T r_T, stays hidden from them.
import { PrssError } from './errors.ts';

/**
 * Largest number of subsets C(n, t) a PRSS setup accepts (the reference KMS's PRSS_SIZE_MAX). Beyond it the
 * per-draw cost (one PRF call per subset) and the setup traffic grow too large; use VSS-based sessions instead.
 * @example binomial(13, 4) <= PRSS_SIZE_MAX // 715
 */
export const PRSS_SIZE_MAX = 2047;

/** C(n, k) as an integer (exact for the ranges PRSS checks). @example binomial(13, 4) === 715 */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  k = Math.min(k, n - k);
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}

/**
 * All subsets of {1..n} of size `size`, each sorted ascending, in lexicographic order. The order is the same on
 * every party, so a subset's position is a shared name for it.
 * @example subsetsOfSize(4, 3) // [[1,2,3],[1,2,4],[1,3,4],[2,3,4]]
 */
export function subsetsOfSize(n: number, size: number): number[][] {
  const result: number[][] = [];
  const current: number[] = [];
  const walk = (next: number) => {
    if (current.length === size) {
      result.push(current.slice());
      return;
    }
    for (let p = next; p <= n - (size - current.length) + 1; p++) {
      current.push(p);
      walk(p + 1);
      current.pop();
    }
  };
  walk(1);
  return result;
}

/** One PRSS subset T: its members (1-based, ascending) and its position in the shared enumeration. */
export interface PrssSubset {
  /** Position of T in `subsetsOfSize(n, n − t)`. */
  readonly index: number;
  /** Members of T, 1-based party indices, ascending. */
  readonly members: readonly number[];
}

/**
 * The subsets of n − t parties for a PRSS setup, failing when C(n, t) exceeds PRSS_SIZE_MAX or t ≥ n/3.
 * @example prssSubsets(4, 1).length === 4
 */
export function prssSubsets(n: number, t: number): PrssSubset[] {
  if (!Number.isInteger(n) || n < 2 || n > 255) {
    throw new PrssError('InvalidArgument', `n: expected an integer in [2, 255], got ${n}`);
  }
  if (!Number.isInteger(t) || t < 0 || 3 * t >= n) {
    throw new PrssError('InvalidArgument', `t: expected an integer with 0 ≤ 3t < n = ${n}, got ${t}`);
  }
  const count = binomial(n, t);
  if (count > PRSS_SIZE_MAX) {
    throw new PrssError(
      'InvalidArgument',
      `PRSS needs C(n, t) ≤ ${PRSS_SIZE_MAX} subsets, got C(${n}, ${t}) = ${count}`,
    );
  }
  return subsetsOfSize(n, n - t).map((members, index) => ({ index, members }));
}

/** The subsets that contain party `partyIndex` (1-based). @example subsetsOf(prssSubsets(4, 1), 1).length === 3 */
export function subsetsOf(subsets: readonly PrssSubset[], partyIndex: number): PrssSubset[] {
  return subsets.filter((s) => s.members.includes(partyIndex));
}

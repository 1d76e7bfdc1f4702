// Lying strategies for a party's share vector, for tests of any protocol that opens sharings (honest code never
// imports this file). Each returns a new vector; `elements` limits the lie to some batch elements (default: all).
import type { GaloisRing } from '../algebra/index.ts';

/** How a lying party changes its shares before sending them. */
export type ShareLie =
  /** Uniformly random elements instead of the shares. */
  | { readonly kind: 'garbage' }
  /** Adds an error of 2-adic valuation exactly `plane` (invisible in the bit planes below it). */
  | { readonly kind: 'plane'; readonly plane: number }
  /**
   * Adds g(x_p) with g = 2^plane · c · Π_{h ∈ fooled} (X − x_h), c random per element: colluding liars who all
   * use the same `fooled` parties (and this strategy) report a polynomial of degree |fooled| + deg f that matches
   * the honest shares of `fooled`, the hardest error pattern for a decoder within the bound.
   */
  | {
      readonly kind: 'collude';
      readonly fooled: readonly number[];
      readonly plane?: number;
      readonly seed: BigUint64Array;
    };

/**
 * Party `party`'s shares after applying `lie`.
 * @example shares[p - 1] = lieAbout(R, shares[p - 1], p, { kind: 'plane', plane: 63 })
 */
export function lieAbout(
  R: GaloisRing,
  share: BigUint64Array,
  party: number,
  lie: ShareLie,
  elements?: readonly number[],
): BigUint64Array {
  const count = R.count(share, 'share');
  const error = R.alloc(count);
  if (lie.kind === 'garbage') {
    R.sub(error, R.randomVector(count), share);
  } else if (lie.kind === 'plane') {
    const unit = R.randomVector(count);
    // An odd coefficient makes the element nonzero mod 2, so the shifted error has valuation exactly `plane`.
    for (let i = 0; i < count; i++) unit[i * R.wordsPerElement] |= 1n;
    R.shiftLeft(error, unit, lie.plane);
  } else {
    const factor = R.one();
    const x = R.exceptionalPoint(party);
    const difference = R.alloc(1);
    for (const h of lie.fooled) {
      R.sub(difference, x, R.exceptionalPoint(h));
      R.mul(factor, factor, difference);
    }
    R.mulConst(error, lie.seed, factor);
    R.shiftLeft(error, error, lie.plane ?? 0);
  }
  const out = share.slice();
  const w = R.wordsPerElement;
  for (const i of elements ?? Array.from({ length: count }, (_, k) => k)) {
    R.add(
      out.subarray(i * w, (i + 1) * w),
      out.subarray(i * w, (i + 1) * w),
      error.subarray(i * w, (i + 1) * w),
    );
  }
  return out;
}

// Opening before every share arrived. With at most t corrupt parties, shares that already agree on one
// polynomial in large enough number leave no choice of value, so a round need not wait for the last parties.
import type { GaloisRing } from '../algebra/index.ts';
import { DecodingFailureError } from './errors.ts';
import { openRobust, type RobustOpening } from './open.ts';

/** Options of openIfDetermined. */
export interface DeterminedOpenOptions {
  /** Parties already found lying (their entries must be undefined): fewer liars can remain among the others. */
  readonly knownLiars?: number;
}

/**
 * The robust opening of the shares present (`shares[p − 1]`, undefined when absent) if they already determine
 * the honest polynomial, else undefined (wait for more shares). Sound whatever the absent shares are: if K
 * shares, after erasing the liars the decoder names, lie on one polynomial of degree `degree` and
 * K ≥ degree + t + 1, then at least degree + 1 of them are honest, so that polynomial is the honest one and each
 * named party really lied. For degree t this is the usual 2t + 1 consistent values, at least t + 1 of them
 * honest; a degree-2t opening needs 3t + 1.
 * @example const opening = openIfDetermined(R, t, t, sharesSoFar) // undefined: keep waiting
 */
export function openIfDetermined(
  R: GaloisRing,
  degree: number,
  threshold: number,
  shares: readonly (BigUint64Array | undefined)[],
  options: DeterminedOpenOptions = {},
): RobustOpening | undefined {
  const needed = Math.max(2 * threshold + 1, degree + threshold + 1);
  let present = 0;
  for (const share of shares) if (share !== undefined) present++;
  if (present < needed) return undefined;
  const budget = Math.min(present - needed, threshold - (options.knownLiars ?? 0));
  if (budget < 0) return undefined;
  try {
    return openRobust(R, degree, shares, { maxErrors: budget });
  } catch (error) {
    if (error instanceof DecodingFailureError) return undefined;
    throw error;
  }
}

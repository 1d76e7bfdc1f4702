// Opening with error detection only: every usable share must lie on one polynomial of the given degree. For
// degree-2t sharings with n = 3t + 1 this is the sound choice: the code has only t redundant shares, and
// correcting ⌊t/2⌋ errors would let a rushing coalition of t parties steer the decoder to a wrong codeword,
// while detection cannot be fooled (the 2t + 1 honest shares fix the polynomial).
//
// The check itself is the sharing layer's `openRobust` with no error budget. When a batch fails, the failing
// elements are located by bisection (views, no copies), so the honest path is one call and an attack on b
// elements costs O(b · log count) calls.
import type { GaloisRing } from '../algebra/galois-ring.ts';
import { PrssError } from '../prss/errors.ts';
import { DecodingFailureError } from '../sharing/errors.ts';
import { openRobust } from '../sharing/open.ts';

/** The opened values and the elements at which some share disagreed. */
export interface CheckedOpening {
  /** f(0) for every element (zero where `bad` is set). */
  readonly values: BigUint64Array;
  /** bad[i] = 1 when the shares of element i do not lie on one polynomial of the degree. */
  readonly bad: Uint8Array;
  readonly badCount: number;
}

/**
 * Opens `count` elements from shares[p − 1] (undefined = not usable), requiring every usable share to lie on one
 * polynomial of degree `degree`. Throws a ProtocolAbort when fewer than degree + 1 shares are usable.
 * @example const { values, bad } = openWithDetection(R, received, 2 * t)
 */
export function openWithDetection(
  ring: GaloisRing,
  shares: readonly (BigUint64Array | undefined)[],
  degree: number,
): CheckedOpening {
  const usable = shares.filter((s) => s !== undefined);
  if (usable.length < degree + 1) {
    throw new PrssError(
      'ProtocolAbort',
      `only ${usable.length} usable shares for a degree-${degree} opening (need ${degree + 1})`,
    );
  }
  const count = ring.count(usable[0], 'shares');
  const values = ring.alloc(count);
  const bad = new Uint8Array(count);
  let badCount = 0;
  const w = ring.wordsPerElement;
  const open = (start: number, end: number): void => {
    const part = shares.map((s) => s?.subarray(start * w, end * w));
    try {
      values.set(openRobust(ring, degree, part, { maxErrors: 0 }).values, start * w);
    } catch (error) {
      if (!(error instanceof DecodingFailureError)) throw error;
      if (end - start === 1) {
        bad[start] = 1;
        badCount++;
        return;
      }
      const middle = (start + end) >>> 1;
      open(start, middle);
      open(middle, end);
    }
  };
  if (count > 0) open(0, count);
  return { values, bad, badCount };
}

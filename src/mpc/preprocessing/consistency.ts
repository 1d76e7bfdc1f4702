// Opening with error detection: interpolate from the first degree + 1 trusted shares and check every other
// share against the polynomial. For degree-2t sharings with n = 3t + 1 this is the sound choice: the code has
// only t redundant shares, and correcting ⌊t/2⌋ errors would let a rushing coalition of t parties steer the
// decoder to a wrong codeword, while detection cannot be fooled (the 2t + 1 honest shares fix the polynomial).
import type { GaloisRing } from '../algebra/galois-ring.ts';
import { lagrangeCoefficients } from '../algebra/lagrange.ts';
import { PrssError } from '../prss/errors.ts';

/** The interpolated values and the elements at which some share disagreed. */
export interface CheckedOpening {
  /** The value at 0 of the polynomial through the base shares (meaningful where `bad` is 0). */
  readonly values: BigUint64Array;
  /** bad[i] = 1 when some share of element i is off the polynomial. */
  readonly bad: Uint8Array;
  readonly badCount: number;
  /** For each party whose share was off somewhere: how many elements. */
  readonly disagreeing: ReadonlyMap<number, number>;
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
  const parties: number[] = [];
  shares.forEach((s, i) => {
    if (s) parties.push(i + 1);
  });
  if (parties.length < degree + 1) {
    throw new PrssError(
      'ProtocolAbort',
      `only ${parties.length} usable shares for a degree-${degree} opening (need ${degree + 1})`,
    );
  }
  const count = ring.count(shares[parties[0] - 1]!, 'shares');
  const base = parties.slice(0, degree + 1);
  const baseShares = base.map((p) => shares[p - 1]!);
  const values = ring.alloc(count);
  ring.linearCombination(values, baseShares, lagrangeCoefficients(ring, base, 0));
  const bad = new Uint8Array(count);
  const disagreeing = new Map<number, number>();
  const predicted = ring.alloc(count);
  // Compare 32-bit halves: reading BigUint64Array entries would create bigints in the loop.
  const predicted32 = new Uint32Array(predicted.buffer);
  const halves = 2 * ring.wordsPerElement;
  for (const q of parties.slice(degree + 1)) {
    ring.linearCombination(predicted, baseShares, lagrangeCoefficients(ring, base, q));
    const actual = shares[q - 1]!;
    const actual32 = new Uint32Array(actual.buffer, actual.byteOffset, actual.length * 2);
    let off = 0;
    for (let i = 0, o = 0; i < count; i++, o += halves) {
      for (let j = o; j < o + halves; j++) {
        if (predicted32[j] !== actual32[j]) {
          bad[i] = 1;
          off++;
          break;
        }
      }
    }
    if (off > 0) disagreeing.set(q, off);
  }
  let badCount = 0;
  for (let i = 0; i < count; i++) badCount += bad[i];
  return { values, bad, badCount, disagreeing };
}

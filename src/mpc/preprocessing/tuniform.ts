// TUniform(b) noise from shared bits (the reference's secret_distributions.rs, NIST document Fig. 70):
//   e = bit_0 + Σ_{j=0..b} 2^j·bit_{j+1} − 2^b ∈ [−2^b, 2^b],
// P(±2^b) = 2^−(b+2), every value in between 2^−(b+1). Linear, so it is computed locally on shares. Bits are
// consumed plane-major (plane j = bits[j·count, (j+1)·count)) so the sum is a Horner loop of vector additions.
import type { GaloisRing } from '../algebra/galois-ring.ts';
import { PrssError } from '../prss/errors.ts';
import { filled } from './solve.ts';

/** Bits one TUniform(b) sample consumes. @example bitsPerTUniform(41) === 43 */
export function bitsPerTUniform(bound: number): number {
  return bound + 2;
}

/**
 * Shares of `count` TUniform(bound) samples from shares of count·(bound + 2) random bits.
 * @example const noise = tUniformFromBits(R, bitShares, 10_000, 17)
 */
export function tUniformFromBits(
  ring: GaloisRing,
  bits: BigUint64Array,
  count: number,
  bound: number,
): BigUint64Array {
  if (!Number.isInteger(bound) || bound < 0 || bound > ring.bits - 2) {
    throw new PrssError(
      'InvalidArgument',
      `bound: expected an integer in [0, ${ring.bits - 2}], got ${bound}`,
    );
  }
  const needed = count * bitsPerTUniform(bound);
  if (ring.count(bits, 'bits') !== needed) {
    throw new PrssError(
      'InvalidArgument',
      `bits: expected ${needed} shared bits for ${count} samples, got ${ring.count(bits)}`,
    );
  }
  const plane = (j: number) => ring.slice(bits, j * count, (j + 1) * count);
  const out = plane(bound + 1).slice();
  for (let j = bound; j >= 1; j--) {
    ring.add(out, out, out);
    ring.add(out, out, plane(j));
  }
  ring.add(out, out, plane(0));
  ring.sub(out, out, filled(ring, count, 1n << BigInt(bound)));
  return out;
}

// Partial decryption on shares: a party's share of b − ⟨a, s⟩ (+ a public offset) for every block of a batch,
// over GR(2^k, d) with the phase in the constant coefficient. b is public (a constant polynomial is a valid
// sharing of itself), ⟨a, [s]⟩ is one dotIntegers kernel call per block.
import { type GaloisRing, galoisRing } from '../../algebra/index.ts';
import type { KeyShares } from '../key-shares.ts';
import type { DecryptionPlan } from './blocks.ts';
import { ProtocolInputError } from './errors.ts';

const reduced64 = new WeakMap<BigUint64Array, BigUint64Array>();

/**
 * A GR(2^128, d) share vector reduced mod 2^64 word-wise: a valid GR(2^64, d) sharing of the same bits (the
 * modulus polynomial and the evaluation points reduce too). Cached per vector.
 * @example const s64 = keyShares64(shares.components.glweKey!)
 */
export function keyShares64(vector128: BigUint64Array): BigUint64Array {
  let out = reduced64.get(vector128);
  if (!out) {
    out = new BigUint64Array(vector128.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = vector128[2 * i];
    reduced64.set(vector128, out);
  }
  return out;
}

/** The ring partial decryptions of `bits`-bit ciphertexts are computed in with these key shares. */
export function ringOf(keyShares: KeyShares, bits: 64 | 128): GaloisRing {
  return galoisRing(bits, keyShares.degree);
}

/** This party's key-share vector for a plan's key component, in the plan's ring. */
function keyVector(keyShares: KeyShares, plan: DecryptionPlan, index: number): BigUint64Array {
  const vector = keyShares.components[plan.key];
  if (!vector) {
    throw new ProtocolInputError(
      `plans[${index}]: the key shares hold no ${plan.key} (a ${plan.kind} is under it)`,
    );
  }
  const R128 = galoisRing(128, keyShares.degree);
  const length = R128.count(vector, `keyShares.components.${plan.key}`);
  if (length !== plan.lweDimension) {
    throw new ProtocolInputError(
      `plans[${index}]: a ${plan.kind} of LWE dimension ${plan.lweDimension}, but the ${plan.key} share has ${length} elements`,
    );
  }
  return plan.modulusBits === 64 ? keyShares64(vector) : vector;
}

/** Total number of blocks of a batch of plans. */
export function blockTotal(plans: readonly DecryptionPlan[]): number {
  return plans.reduce((n, p) => n + p.count, 0);
}

/**
 * This party's shares of b − ⟨a, s⟩ + offset for every block of `plans` in order (one vector of blockTotal
 * elements of GR(2^bits, d)); `offsetOf(plan)` is a public Z_2^k constant per plan (e.g. Δ/2 for rounding).
 * @example const shares = phaseShares(keyShares, plans, 128)
 */
export function phaseShares(
  keyShares: KeyShares,
  plans: readonly DecryptionPlan[],
  bits: 64 | 128,
  offsetOf: (plan: DecryptionPlan) => bigint = () => 0n,
): BigUint64Array {
  const R = ringOf(keyShares, bits);
  const out = R.alloc(blockTotal(plans));
  const w = R.wordsPerElement;
  const words = bits === 64 ? 1 : 2;
  let at = 0;
  plans.forEach((plan, index) => {
    const key = keyVector(keyShares, plan, index);
    const n = plan.lweDimension;
    const size = (n + 1) * words;
    const offset = offsetOf(plan);
    // One kernel call for the plan's whole batch of masks (bodies skipped by the row stride): the key shares are
    // copied into the kernels once per group of rows instead of once per ciphertext.
    const shares = out.subarray(at * w, (at + plan.count) * w);
    R.dotIntegersRows(shares, plan.lwes, n + 1, key);
    R.neg(shares, shares);
    for (let b = 0; b < plan.count; b++, at++) {
      const body = b * size + n * words;
      if (bits === 64) {
        out[at * w] += plan.lwes[body] + offset;
      } else {
        // The constant coefficient (lo, hi) plus the 128-bit body and offset, with carries.
        const lo = out[at * w];
        const hi = out[at * w + 1];
        const sum = (hi << 64n) + lo + (plan.lwes[body + 1] << 64n) + plan.lwes[body] + offset;
        out[at * w] = sum;
        out[at * w + 1] = sum >> 64n;
      }
    }
  });
  return out;
}

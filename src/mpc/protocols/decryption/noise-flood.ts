// NoiseFlood public decryption of 128-bit (switch-and-squash) ciphertexts, one communication round
// (reference KMS NoiseFloodSmall): every party sends its share of b − ⟨a, s⟩ + mask over GR(2^128, d), where the
// mask is a PRSS-Mask draw, everyone opens the batch robustly and rounds the phases away (Δ = 2^123).
//
// Why the mask: the opened phase is m·Δ + e; e depends on the key, so it must not be seen. The PRSS-Mask secret is
// a sum of C(n, t) PRF outputs bounded by 2^70 each (40 bits of statistical distance over a squashed noise well
// below 2^30), and stays far below Δ/2 = 2^122, so decoding is unaffected.
import type { Session } from '../../net/index.ts';
import type { PrssState } from '../../prss/prss.ts';
import type { KeyShares } from '../key-shares.ts';
import { checkPlans, type DecryptionPlan, type Plaintext } from './blocks.ts';
import { ProtocolInputError } from './errors.ts';
import { exchangeAndOpen, newFaultLog } from './open.ts';
import { blockTotal, phaseShares, ringOf } from './partial.ts';

/** Per-subset bound (log2) of the PRSS-Mask flooding draw, as in the reference KMS. */
export const FLOOD_MASK_BITS = 70;

/** The outcome of a public decryption at one party. */
export interface PublicDecryption {
  /** Plaintexts per plan, in the order of the plans. */
  readonly plaintexts: Plaintext[][];
  /** Parties whose shares were wrong (corrected away), ascending. */
  readonly liars: number[];
  /** Parties that sent nothing or malformed messages, ascending. */
  readonly missing: number[];
  /** Communication rounds this run used. */
  readonly rounds: number;
}

/** Checks that the session, key shares and PRSS state describe the same party and (n, t, d). */
export function checkParticipants(session: Session, keyShares: KeyShares, prss?: PrssState): void {
  if (
    keyShares.partyIndex !== session.partyIndex ||
    keyShares.numParties !== session.numParties ||
    keyShares.threshold !== session.threshold
  ) {
    throw new ProtocolInputError(
      `keyShares: party ${keyShares.partyIndex} of (${keyShares.numParties}, t = ${keyShares.threshold}) does not match the session's party ${session.partyIndex} of (${session.numParties}, t = ${session.threshold})`,
    );
  }
  if (!prss) return;
  const { n, t, party } = prss.setup;
  if (party !== session.partyIndex || n !== session.numParties || t !== session.threshold) {
    throw new ProtocolInputError(`prss: set up for party ${party} of (${n}, t = ${t}), not the session's`);
  }
  if (prss.ring.bits !== 128 || prss.ring.degree !== keyShares.degree) {
    throw new ProtocolInputError(
      `prss: draws in GR(2^${prss.ring.bits}, ${prss.ring.degree}), expected GR(2^128, ${keyShares.degree})`,
    );
  }
}

/**
 * This party's flooded partial decryptions of 128-bit plans: shares of b − ⟨a, s⟩ + PRSS-Mask (degree t), one
 * GR(2^128, d) element per block, in plan order. Used by NoiseFlood (opened) and user decryption (not opened).
 * @example const shares = floodedShares(prss, keyShares, plans)
 */
export function floodedShares(
  prss: PrssState,
  keyShares: KeyShares,
  plans: readonly DecryptionPlan[],
): BigUint64Array {
  checkPlans(plans, 128);
  const R = ringOf(keyShares, 128);
  const shares = phaseShares(keyShares, plans, 128);
  R.add(shares, shares, prss.nextMask(blockTotal(plans), FLOOD_MASK_BITS));
  return shares;
}

/** Decodes opened 128-bit phases (constant coefficients, lo/hi) plan by plan: round(phase / Δ) mod 2^valueBits.
 * Only the high word matters for Δ ≥ 2^65; it is read as two u32 halves (no BigInt per block). */
export function decodePhases128(plans: readonly DecryptionPlan[], phases: BigUint64Array): Plaintext[][] {
  const halves = new Uint32Array(phases.buffer, phases.byteOffset, phases.length * 2);
  let at = 0;
  return plans.map((plan) => {
    const shift = plan.deltaLog2 - 64; // 1 ≤ shift ≤ 63
    const values = new Uint8Array(plan.count);
    for (let b = 0; b < plan.count; b++, at++) {
      let low = halves[4 * at + 2];
      let high = halves[4 * at + 3];
      // + Δ/2 (mod 2^64), then the bits from `shift` up
      if (shift > 32) high = (high + 2 ** (shift - 33)) >>> 0;
      else {
        const sum = low + 2 ** (shift - 1);
        low = sum >>> 0;
        if (sum >= 2 ** 32) high = (high + 1) >>> 0;
      }
      const rounded = shift >= 32 ? high >>> (shift - 32) : ((high << (32 - shift)) | (low >>> shift)) >>> 0;
      values[b] = rounded & ((1 << plan.valueBits[b]) - 1);
    }
    return plan.recombine(values);
  });
}

/**
 * NoiseFlood public decryption (1 round). `prss` must be this party's PRSS state over GR(2^128, d) for this
 * session (created with the same session id at every party, so the masks of all parties agree).
 * @example const { plaintexts } = await noiseFloodDecrypt(session, prss, keyShares, [plan])
 */
export async function noiseFloodDecrypt(
  session: Session,
  prss: PrssState,
  keyShares: KeyShares,
  plans: readonly DecryptionPlan[],
): Promise<PublicDecryption> {
  checkParticipants(session, keyShares, prss);
  const shares = floodedShares(prss, keyShares, plans);
  const R = ringOf(keyShares, 128);
  const faults = newFaultLog();
  const firstRound = session.round;
  const opened = await exchangeAndOpen(session, R, session.threshold, shares, faults, 'NoiseFlood');
  return {
    plaintexts: decodePhases128(plans, R.constantCoefficients(opened)),
    liars: [...faults.liars].sort((a, b) => a - b),
    missing: [...faults.missing].sort((a, b) => a - b),
    rounds: session.round - firstRound,
  };
}

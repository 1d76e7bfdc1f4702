// The BitDec variant the cores run, for public and user decryption alike, and the pool's block unit that follows
// from it. The carry tree ignores the carries from below bit 32: c = phase + Δ/2 may then be read up to 2^32 too
// low, which changes nothing while |noise| < Δ/2 − 2^32. 64-bit TFHE noise is ≈ 2^50 after a PBS (fresh compact-
// list encryptions similar or smaller) against Δ/2 = 2^58 (log2 Δ = 59 in every 64-bit set), so this costs 2^−26 of
// the margin, and saves one round of the eight and 63 of the 110 triples per block.
import { type BitDecOptions, bitDecCost } from '../../../mpc/protocols/decryption/bit-dec.ts';
import type { DecryptionPlan } from '../../../mpc/protocols/decryption/blocks.ts';
import { type PoolBlockUnit, poolBlockUnit } from '../../../mpc/protocols/decryption/pool-allocation.ts';

/** BitDec options of every core request (and of the preprocessing made or pooled for it). */
export const CORE_BITDEC_OPTIONS: BitDecOptions = Object.freeze({ ignoredLowBits: 32 });

/** One block unit of a pooled batch: what a core request's BitDec takes per block (47 triples + 64 bits). */
export const CORE_POOL_BLOCK_UNIT: PoolBlockUnit = poolBlockUnit(CORE_BITDEC_OPTIONS);

/**
 * Triples, bits and rounds a core request's BitDec over `plans` takes.
 * @example coreBitDecCost([euint64Plan]) // { triples: 1504, bits: 2048, rounds: 7, … }
 */
export function coreBitDecCost(plans: readonly DecryptionPlan[]) {
  return bitDecCost(plans, CORE_BITDEC_OPTIONS);
}

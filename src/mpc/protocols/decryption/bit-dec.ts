// BitDec public decryption of 64-bit ciphertexts (every node-tfhe kind), over GR(2^64, d) with preprocessing.
//
// 64-bit TFHE noise (≈ 2^50 after a PBS, against a margin of 2^58) leaves no room for flooding, so the phase must
// never be opened; instead the parties extract the message bits on shares (reference KMS BitDecSmall, with a
// shallower circuit):
//   1. c = b − ⟨a, s⟩ + Δ/2 on shares (the rounding offset: the message is then bits [p, p + k) of c, p = log2 Δ);
//   2. r = Σ 2^i r_i from 64 shared random bits; open e = c − r (uniform, hides c). Then c = e + r mod 2^64 and
//      bits [p, p + k) of c are ((e >> p) + (r >> p) + carry_p) mod 2^k, where carry_p is the carry of the low
//      p-bit addition e + r — the only non-linear part;
//   3. carry_p by a log-depth (generate, propagate) tree over positions [0, p): with e public, the leaves
//      g_i = e_i ∧ r_i and p_i = e_i ⊕ r_i are linear in r_i; a node combines (G, P)_hi ∘ (G, P)_lo =
//      (G_hi + P_hi·G_lo, P_hi·P_lo) (g and p are never both 1, so the OR is a sum). One Beaver round per tree
//      level, all blocks and all nodes of a level in one message; the lowest node never needs its P;
//   4. V = (e >> p) + (r >> p) + carry_p is a sharing whose low k bits are the message; 2^(64−k)·V keeps only those
//      bits, so opening it reveals the k message bits and nothing else.
// Rounds: 1 + ⌈log2 p⌉ + 1 (8 for p = 59); per block 64 bits and 110 triples (p = 59), against ≈ 18 rounds and
// 1,217 triples for the reference's full decomposition of all 64 bits. `ignoredLowBits` = q starts the tree at position q: the carry coming from
// below q is dropped, so c may be read 2^q too low — harmless while |noise| < Δ/2 − 2^q (q = 32 costs 2^−26 of
// the 2^58 margin) and it saves one round and half the triples.
import { type GaloisRing, galoisRing } from '../../algebra/index.ts';
import type { Session } from '../../net/index.ts';
import type { KeyShares } from '../key-shares.ts';
import { checkPlans, type DecryptionPlan } from './blocks.ts';
import { ProtocolInputError } from './errors.ts';
import { checkParticipants, type PublicDecryption } from './noise-flood.ts';
import { exchangeAndOpen, type FaultLog, newFaultLog } from './open.ts';
import { blockTotal, phaseShares } from './partial.ts';
import type { BitDecPool } from './pool.ts';
import {
  packShares,
  type UserDecryptionShare,
  userDecryptionLayout,
  userDecryptionShare,
} from './user-decryption.ts';

/** Options of BitDec. */
export interface BitDecOptions {
  /** Positions below this one are left out of the carry computation (default 0 = exact). */
  readonly ignoredLowBits?: number;
}

/** Preprocessing and rounds a BitDec run needs. */
export interface BitDecCost {
  readonly triplesPerBlock: number;
  readonly bitsPerBlock: number;
  readonly triples: number;
  readonly bits: number;
  readonly rounds: number;
}

/** The outcome of a BitDec run: a public decryption plus what it consumed. */
export interface BitDecDecryption extends PublicDecryption {
  readonly consumed: { readonly triples: number; readonly bits: number };
}

const BITS = 64;

/** Multiplications per tree level (G for every pair, P for every pair but the lowest). */
function treeLevels(leaves: number): { pairs: number; multiplications: number }[] {
  const levels: { pairs: number; multiplications: number }[] = [];
  for (let nodes = leaves; nodes > 1; nodes = (nodes >> 1) + (nodes & 1)) {
    const pairs = nodes >> 1;
    levels.push({ pairs, multiplications: 2 * pairs - 1 });
  }
  return levels;
}

function deltaLog2Of(plans: readonly DecryptionPlan[]): number {
  const p = plans[0].deltaLog2;
  plans.forEach((plan, i) => {
    if (plan.deltaLog2 !== p) {
      throw new ProtocolInputError(`plans[${i}]: log2 Δ ${plan.deltaLog2} differs from plans[0]'s ${p}`);
    }
    for (const k of plan.valueBits) {
      if (k < 1 || p + k > BITS - 1)
        throw new ProtocolInputError(`plans[${i}]: cannot open ${k} bits above 2^${p}`);
    }
  });
  return p;
}

function ignoredBits(options: BitDecOptions, p: number): number {
  const q = options.ignoredLowBits ?? 0;
  if (!Number.isInteger(q) || q < 0 || q > p - 2) {
    throw new ProtocolInputError(`options.ignoredLowBits: expected an integer in [0, ${p - 2}], got ${q}`);
  }
  return q;
}

/** What BitDec needs per block (and its rounds) for blocks with scaling factor Δ = 2^deltaLog2. */
export type BitDecBlockCost = Pick<BitDecCost, 'triplesPerBlock' | 'bitsPerBlock' | 'rounds'>;

/**
 * Triples and bits per block, and rounds, of BitDec at log2 Δ = `deltaLog2` (what bitDecCost multiplies by the
 * number of blocks; sizes preprocessing made ahead of any request).
 * @example bitDecBlockCost(59, { ignoredLowBits: 32 }) // { triplesPerBlock: 47, bitsPerBlock: 64, rounds: 7 }
 */
export function bitDecBlockCost(deltaLog2: number, options: BitDecOptions = {}): BitDecBlockCost {
  if (!Number.isInteger(deltaLog2) || deltaLog2 < 2 || deltaLog2 > BITS - 2)
    throw new ProtocolInputError(`deltaLog2: expected an integer in [2, ${BITS - 2}], got ${deltaLog2}`);
  const levels = treeLevels(deltaLog2 - ignoredBits(options, deltaLog2));
  return {
    triplesPerBlock: levels.reduce((n, l) => n + l.multiplications, 0),
    bitsPerBlock: BITS,
    rounds: levels.length + 2,
  };
}

/**
 * Triples, bits and rounds BitDec needs for a batch of 64-bit plans.
 * @example bitDecCost([plan]) // { triplesPerBlock: 110, bitsPerBlock: 64, rounds: 8, … }
 */
export function bitDecCost(plans: readonly DecryptionPlan[], options: BitDecOptions = {}): BitDecCost {
  checkPlans(plans, 64);
  const { triplesPerBlock, bitsPerBlock, rounds } = bitDecBlockCost(deltaLog2Of(plans), options);
  const blocks = blockTotal(plans);
  return {
    triplesPerBlock,
    bitsPerBlock,
    triples: triplesPerBlock * blocks,
    bits: bitsPerBlock * blocks,
    rounds,
  };
}

/** Views of a vector as u32 words (no copy). */
function u32(v: BigUint64Array): Uint32Array {
  return new Uint32Array(v.buffer, v.byteOffset, v.length * 2);
}

/** `count` elements equal to 1. */
function ones(R: GaloisRing, count: number): BigUint64Array {
  const v = R.alloc(count);
  const words = u32(v);
  const stride = 2 * R.wordsPerElement;
  for (let i = 0; i < count; i++) words[i * stride] = 1;
  return v;
}

/** The constants 2^0 … 2^(count−1) as a vector (linearCombination coefficients). */
function powersOfTwo(R: GaloisRing, count: number): BigUint64Array {
  const v = R.alloc(count);
  for (let i = 0; i < count; i++) v[i * R.wordsPerElement] = 1n << BigInt(i);
  return v;
}

/** Shares of the decoded block values a BitDec run computed, before any of them is opened. */
interface SharedBlockValues {
  /** V per block over GR(2^64, d): its low 5 bits are round(phase / Δ) mod 2·msg·carry. */
  readonly values: BigUint64Array;
  readonly faults: FaultLog;
  readonly firstRound: number;
  readonly cost: BitDecCost;
}

function checkPool(pool: BitDecPool, keyShares: KeyShares): GaloisRing {
  const R = pool.ring;
  if (R.bits !== 64 || R.degree !== keyShares.degree) {
    throw new ProtocolInputError(
      `pool: GR(2^${R.bits}, ${R.degree}), expected GR(2^64, ${keyShares.degree})`,
    );
  }
  return R;
}

/** Steps 1–3 and the sum of step 4: shares of V = (e >> p) + (r >> p) + carry_p for every block. */
async function sharedBlockValues(
  session: Session,
  pool: BitDecPool,
  keyShares: KeyShares,
  plans: readonly DecryptionPlan[],
  options: BitDecOptions,
): Promise<SharedBlockValues> {
  checkParticipants(session, keyShares);
  const cost = bitDecCost(plans, options);
  const R = checkPool(pool, keyShares);
  const p = plans[0].deltaLog2;
  const q = ignoredBits(options, p);
  const t = session.threshold;
  const B = blockTotal(plans);
  const material = pool.take(cost.triples, cost.bits);
  const faults = newFaultLog();
  const firstRound = session.round;
  const bit = (i: number) => R.slice(material.bits, i * B, (i + 1) * B); // r_i of every block

  // 1–2. c = phase + Δ/2, open e = c − r.
  const masked = phaseShares(keyShares, plans, 64, (plan) => 1n << BigInt(plan.deltaLog2 - 1));
  const r = R.alloc(B);
  R.linearCombination(
    r,
    Array.from({ length: BITS }, (_, i) => bit(i)),
    powersOfTwo(R, BITS),
  );
  R.sub(masked, masked, r);
  const e = R.constantCoefficients(await exchangeAndOpen(session, R, t, masked, faults, 'BitDec masking'));
  const e32 = u32(e);

  // 3. Leaves g_i = e_i·r_i, p_i = e_i ⊕ r_i for positions [q, p), node-major (node j = position q + j).
  const leaves = p - q;
  const stride = 2 * R.wordsPerElement;
  const rLeaves = R.slice(material.bits, q * B, p * B);
  const notLeaves = ones(R, leaves * B);
  R.sub(notLeaves, notLeaves, rLeaves);
  let G = R.alloc(leaves * B);
  let P = R.alloc(leaves * B);
  {
    const [g32, p32, r32, n32] = [u32(G), u32(P), u32(rLeaves), u32(notLeaves)];
    for (let j = 0; j < leaves; j++) {
      const i = q + j;
      const word = i >>> 5;
      const shift = i & 31;
      for (let b = 0; b < B; b++) {
        const at = (j * B + b) * stride;
        if ((e32[2 * b + word] >>> shift) & 1) {
          for (let k = 0; k < stride; k++) {
            g32[at + k] = r32[at + k];
            p32[at + k] = n32[at + k];
          }
        } else {
          for (let k = 0; k < stride; k++) p32[at + k] = r32[at + k];
        }
      }
    }
  }
  const node = (v: BigUint64Array, j: number) => R.slice(v, j * B, (j + 1) * B);
  let used = 0;
  let nodes = leaves;
  for (const { pairs, multiplications } of treeLevels(leaves)) {
    const MB = multiplications * B;
    const a = R.slice(material.triples.a, used, used + MB);
    const b = R.slice(material.triples.b, used, used + MB);
    const c = R.slice(material.triples.c, used, used + MB);
    used += MB;
    // Multiplication k < pairs: P_hi·G_lo of pair k; pairs + k − 1: P_hi·P_lo of pair k ≥ 1.
    const epsDelta = R.alloc(2 * MB);
    const eps = R.slice(epsDelta, 0, MB);
    const delta = R.slice(epsDelta, MB, 2 * MB);
    for (let k = 0; k < pairs; k++) {
      eps.set(node(P, 2 * k + 1), k * B * R.wordsPerElement);
      delta.set(node(G, 2 * k), k * B * R.wordsPerElement);
      if (k > 0) {
        eps.set(node(P, 2 * k + 1), (pairs + k - 1) * B * R.wordsPerElement);
        delta.set(node(P, 2 * k), (pairs + k - 1) * B * R.wordsPerElement);
      }
    }
    R.sub(eps, eps, a);
    R.sub(delta, delta, b);
    const opened = await exchangeAndOpen(session, R, t, epsDelta, faults, 'BitDec carry tree');
    const openedEps = R.slice(opened, 0, MB);
    const openedDelta = R.slice(opened, MB, 2 * MB);
    const products = c.slice();
    R.mulAdd(products, openedEps, b);
    R.mulAdd(products, openedDelta, a);
    R.mulAdd(products, openedEps, openedDelta);
    const next = pairs + (nodes & 1);
    const nextG = R.alloc(next * B);
    const nextP = R.alloc(next * B);
    for (let k = 0; k < pairs; k++) {
      R.add(node(nextG, k), node(G, 2 * k + 1), node(products, k));
      if (k > 0) node(nextP, k).set(node(products, pairs + k - 1));
    }
    if (nodes & 1) {
      node(nextG, pairs).set(node(G, nodes - 1));
      node(nextP, pairs).set(node(P, nodes - 1));
    }
    G = nextG;
    P = nextP;
    nodes = next;
  }
  const carry = leaves > 0 ? node(G, 0) : R.alloc(B);

  // 4. V = (e >> p) + (r >> p) + carry.
  const value = R.alloc(B);
  R.linearCombination(
    value,
    Array.from({ length: BITS - p }, (_, i) => bit(p + i)),
    powersOfTwo(R, BITS - p),
  );
  R.add(value, value, carry);
  const eHigh = R.alloc(B);
  for (let i = 0; i < B; i++) eHigh[i * R.wordsPerElement] = e[i] >> BigInt(p);
  R.add(value, value, eHigh);
  return { values: value, faults, firstRound, cost };
}

/**
 * BitDec public decryption of 64-bit plans: ⌈log2 log2 Δ⌉ + 2 rounds (8), preprocessing taken from `pool` up front (see
 * bitDecCost; PreprocessingExhaustedError before any communication when the pool is short). Every party must
 * run the same requests in the same order over pools filled alike.
 * @example const { plaintexts } = await bitDecDecrypt(session, pool, keyShares, [planDecryption(input, params)])
 */
export async function bitDecDecrypt(
  session: Session,
  pool: BitDecPool,
  keyShares: KeyShares,
  plans: readonly DecryptionPlan[],
  options: BitDecOptions = {},
): Promise<BitDecDecryption> {
  const {
    values: value,
    faults,
    firstRound,
    cost,
  } = await sharedBlockValues(session, pool, keyShares, plans, options);
  // 2^(64 − k)·V keeps only the k bits the recombination reads.
  const R = pool.ring;
  const scales = powersOfTwo(R, BITS);
  let at = 0;
  for (const plan of plans) {
    for (let i = 0; i < plan.count; i++, at++) {
      const element = R.element(value, at);
      R.mulConst(element, element, R.element(scales, BITS - plan.valueBits[i]));
    }
  }
  const opened = R.constantCoefficients(
    await exchangeAndOpen(session, R, session.threshold, value, faults, 'BitDec message'),
  );
  at = 0;
  const plaintexts = plans.map((plan) => {
    const values = new Uint8Array(plan.count);
    for (let i = 0; i < plan.count; i++, at++)
      values[i] = Number(opened[at] >> BigInt(BITS - plan.valueBits[i]));
    return plan.recombine(values);
  });
  return {
    plaintexts,
    liars: [...faults.liars].sort((x, y) => x - y),
    missing: [...faults.missing].sort((x, y) => x - y),
    rounds: session.round - firstRound,
    consumed: { triples: cost.triples, bits: cost.bits },
  };
}

/** User-decryption shares of 64-bit plans and what the run cost. */
export interface BitDecUserShares {
  readonly shares: UserDecryptionShare[];
  readonly liars: number[];
  readonly missing: number[];
  readonly rounds: number;
  readonly consumed: { readonly triples: number; readonly bits: number };
}

/**
 * User decryption of 64-bit ciphertexts (1 + ⌈log2 log2 Δ⌉ rounds (7), nothing opened): BitDec up to the shared block
 * values V, then lifted to GR(2^128, d) and scaled by 2^(64 + log2 Δ). Any lift of a GR(2^64, d) sharing times
 * 2^64 is a GR(2^128, d) sharing of 2^64·V, so the result shares (V mod 2^5)·2^123 — the layout node-tkms
 * decodes, with no noise at all: the user learns the block's message + carry (+ padding) bits, the same as
 * `decrypt_message_and_carry`, never key-dependent noise. Packed d blocks per element, packing factor 1.
 * @example const { shares } = await bitDecUserDecryptionShares(session, pool, keyShares, [plan])
 */
export async function bitDecUserDecryptionShares(
  session: Session,
  pool: BitDecPool,
  keyShares: KeyShares,
  plans: readonly DecryptionPlan[],
  options: BitDecOptions = {},
): Promise<BitDecUserShares> {
  const layouts = plans.map(userDecryptionLayout);
  const { values, faults, firstRound, cost } = await sharedBlockValues(
    session,
    pool,
    keyShares,
    plans,
    options,
  );
  const R128 = galoisRing(128, keyShares.degree);
  const lifted = R128.alloc(blockTotal(plans));
  for (let i = 0; i < values.length; i++) lifted[2 * i] = values[i];
  R128.mulInteger(lifted, lifted, 1n << BigInt(64 + plans[0].deltaLog2));
  let first = 0;
  const shares = plans.map((plan, i) => {
    const packed = packShares(R128, lifted, first, plan.count);
    first += plan.count;
    return userDecryptionShare(layouts[i], packed);
  });
  return {
    shares,
    liars: [...faults.liars].sort((x, y) => x - y),
    missing: [...faults.missing].sort((x, y) => x - y),
    rounds: session.round - firstRound,
    consumed: { triples: cost.triples, bits: cost.bits },
  };
}

// Partial decryption on shares: a party's share of b − ⟨a, s⟩ (+ a public offset) for every block of a batch,
// over GR(2^k, d) with the phase in the constant coefficient. b is public (a constant polynomial is a valid
// sharing of itself), ⟨a, [s]⟩ a dotIntegersRows kernel call per plan (Hankel products for compressed squashed
// lists, whose masks are windows of their GLWEs' masks: negacyclic Hankel products in wasm memory read from the
// GLWE mask itself, or the windows through hankelProducts without the wasm build).
import { HankelColumns, hankelProducts } from '../../algebra/hankel.ts';
import { NegacyclicHankelColumns, negacyclicHankelProducts } from '../../algebra/hankel-wasm.ts';
import { type GaloisRing, galoisRing } from '../../algebra/index.ts';
import type { KeyShares } from '../key-shares.ts';
import type { DecryptionPlan } from './blocks.ts';
import { ProtocolInputError } from './errors.ts';
import { type SquashedGlweBlocks, squashedGlweBlocksOf } from './list-blocks.ts';

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

const keyColumns = new WeakMap<BigUint64Array, HankelColumns>();

/** The key's k segments of N elements as Hankel product columns (their block layouts kept per key vector). */
function keySegments(R: GaloisRing, key: BigUint64Array, k: number, N: number): HankelColumns {
  let columns = keyColumns.get(key);
  if (!columns || columns.ring !== R || columns.vectors.length !== k || columns.columns !== N) {
    const w = R.wordsPerElement;
    columns = new HankelColumns(
      R,
      Array.from({ length: k }, (_, j) => key.subarray(j * N * w, (j + 1) * N * w)),
    );
    keyColumns.set(key, columns);
  }
  return columns;
}

const reversedColumns = new WeakMap<BigUint64Array, NegacyclicHankelColumns | null>();

/**
 * The key's k segments of N elements, each reversed (s'_j[u] = s_j[N − 1 − u]), as negacyclic Hankel columns kept
 * in wasm memory per key vector; null without the wasm build or for N not a power of two.
 */
function reversedKeySegments(
  R: GaloisRing,
  key: BigUint64Array,
  k: number,
  N: number,
): NegacyclicHankelColumns | null {
  let columns = reversedColumns.get(key);
  if (columns === undefined || (columns && (columns.ring !== R || columns.vectors.length !== k))) {
    const w = R.wordsPerElement;
    columns =
      (N & (N - 1)) === 0
        ? (NegacyclicHankelColumns.create(
            R,
            Array.from({ length: k }, (_, j) => {
              const reversed = R.alloc(N);
              for (let u = 0; u < N; u++)
                reversed.set(key.subarray((j * N + N - 1 - u) * w, (j * N + N - u) * w), u * w);
              return reversed;
            }),
          ) ?? null)
        : null;
    reversedColumns.set(key, columns);
  }
  return columns;
}

/**
 * out[b] = ⟨mask of block b, [s]⟩ for the blocks of a compressed squashed list's plan. Body i's sample-extracted
 * mask restricted to polynomial j is G_j[i + 1 …], G_j = [−a_j, a_j], against the reversed key segment s'_j: the
 * rows of a negacyclic Hankel product read from the GLWE mask in wasm memory. Returns false when that kernel is not
 * available (no wasm build).
 */
function negacyclicMaskProducts(
  R: GaloisRing,
  out: BigUint64Array,
  glwes: SquashedGlweBlocks,
  key: BigUint64Array,
): boolean {
  const { glweDimension: k, polynomialSize: N, segments } = glwes;
  const columns = reversedKeySegments(R, key, k, N);
  if (!columns) return false;
  const w = R.wordsPerElement;
  let at = 0;
  for (const { mask, first, count } of segments) {
    negacyclicHankelProducts(out.subarray(at * w, (at + count) * w), mask, first + 1, columns);
    at += count;
  }
  return true;
}

/**
 * out[b] = ⟨mask of block b, [s]⟩ for the blocks of a compressed squashed list's plan, from its GLWE windows: per
 * GLWE and polynomial j, the windows E_j[N − 1 − i …] of its bodies i are the rows of a Hankel matrix (body
 * first + count − 1 first), multiplied with the key segments [s_j] and summed over j (Karatsuba from 32 bodies
 * on), then put back in body order.
 */
function windowMaskProducts(
  R: GaloisRing,
  out: BigUint64Array,
  glwes: SquashedGlweBlocks,
  key: BigUint64Array,
): void {
  const { glweDimension: k, polynomialSize: N, segments } = glwes;
  const w = R.wordsPerElement;
  const columns = keySegments(R, key, k, N);
  let at = 0;
  for (const { windows, first, count } of segments) {
    const reversed = R.alloc(count);
    const sequences = Array.from({ length: k }, (_, j) =>
      windows.subarray(2 * (2 * j * N + N - first - count), 2 * (2 * j + 2) * N),
    );
    hankelProducts(reversed, sequences, columns);
    for (let r = 0; r < count; r++) out.set(reversed.subarray(r * w, (r + 1) * w), (at + count - 1 - r) * w);
    at += count;
  }
}

/** The bodies of a compressed squashed list's plan in block order (lo, hi words). */
function planBodies(glwes: SquashedGlweBlocks, count: number): BigUint64Array {
  const out = new BigUint64Array(2 * count);
  let at = 0;
  for (const { bodies, first, count: n } of glwes.segments) {
    out.set(bodies.subarray(2 * first, 2 * (first + n)), 2 * at);
    at += n;
  }
  return out;
}

/**
 * This party's shares of b − ⟨a, s⟩ + offset for every block of `plans` in order (one vector of blockTotal
 * elements of GR(2^bits, d)); `offsetOf(plan)` is a public Z_2^k constant per plan (e.g. Δ/2 for rounding).
 * Compressed squashed lists' masks are read as GLWE windows (no sample extraction).
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
    const offset = offsetOf(plan);
    const shares = out.subarray(at * w, (at + plan.count) * w);
    const glwes = squashedGlweBlocksOf(plan);
    // Block b's body is words[start + b·stride] (lo, then hi for 128 bits).
    let body: { words: BigUint64Array; start: number; stride: number };
    if (glwes && bits === 128) {
      if (!negacyclicMaskProducts(R, shares, glwes, key)) windowMaskProducts(R, shares, glwes, key);
      body = { words: planBodies(glwes, plan.count), start: 0, stride: 2 };
    } else {
      // One kernel call for the plan's whole batch of masks (bodies skipped by the row stride): the key shares
      // are copied into the kernels once per group of rows instead of once per ciphertext.
      const lwes = plan.lwes;
      R.dotIntegersRows(shares, lwes, n + 1, key);
      body = { words: lwes, start: n * words, stride: (n + 1) * words };
    }
    R.neg(shares, shares);
    // The constant coefficient plus the body and the offset mod 2^bits, in 32-bit limbs with carries (no BigInt
    // per block: lists decrypt thousands of blocks per request).
    const limbs = 2 * words;
    const offsetLimbs = Array.from({ length: limbs }, (_, q) =>
      Number(BigInt.asUintN(32, offset >> BigInt(32 * q))),
    );
    const out32 = new Uint32Array(out.buffer, out.byteOffset, out.length * 2);
    const body32 = new Uint32Array(body.words.buffer, body.words.byteOffset, body.words.length * 2);
    for (let b = 0; b < plan.count; b++, at++) {
      const to = 2 * at * w;
      const from = 2 * (body.start + b * body.stride);
      let carry = 0;
      for (let q = 0; q < limbs; q++) {
        const sum = out32[to + q] + body32[from + q] + offsetLimbs[q] + carry;
        out32[to + q] = sum >>> 0;
        carry = sum > 0xffffffff ? Math.floor(sum / 0x1_0000_0000) : 0;
      }
    }
  });
  return out;
}

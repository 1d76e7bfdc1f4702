// PRSS / PRZS / PRSS-Mask draws for one party in one session: non-interactive, batched. Every draw of a batch
// is one slice of each subset's AES-CTR stream (one AES call per subset per batch, on a cipher kept per subset
// key) followed by one multiply-by-constant-and-add kernel call per subset, so the cost is C(n−1, t) kernel
// passes per batch.
import type { GaloisRing } from '../algebra/galois-ring.ts';
import { PrssError } from './errors.ts';
import { subsetPolynomialPoints } from './points.ts';
import { type AesBits, SubsetPrf, sessionIdBytes } from './prf.ts';
import { type PrssSubset, prssSubsets } from './subsets.ts';

/**
 * The result of a PRSS setup for one party: the PRF key of every subset it belongs to. Ring-independent; one
 * setup serves Z_2^64 and Z_2^128 sessions alike.
 */
export interface PrssSetup {
  readonly n: number;
  readonly t: number;
  /** This party, 1-based. */
  readonly party: number;
  /** Every subset of n − t parties, in the shared order (PrssSubset.index). */
  readonly subsets: readonly PrssSubset[];
  /** keys.get(T.index) = 32-byte key of T, for exactly the subsets containing `party`. */
  readonly keys: ReadonlyMap<number, Uint8Array>;
}

/** Positions of the draw counters: how many elements of each kind this state has produced. */
export interface PrssCounters {
  random: number;
  zero: number;
  mask: number;
}

/**
 * Raw PRF outputs r_T of one subset a party belongs to, for some counters: what a party reveals when a batch's
 * draws are checked (cheater identification). Layout: see PrssState.subsetDraws.
 */
export interface SubsetDraws {
  readonly subsetIndex: number;
  readonly values: BigUint64Array;
}

/** Largest per-subset mask bound exponent: |r_T| ≤ 2^b must leave room for the sum over subsets. */
function maxMaskBits(ring: GaloisRing): number {
  return ring.bits - 2;
}

/**
 * One party's PRSS state in one session of one ring.
 * @example const prss = new PrssState(setup, galoisRing(64, 3), 'sid'); const x = prss.nextRandom(10_000)
 */
export class PrssState {
  readonly ring: GaloisRing;
  readonly setup: PrssSetup;
  readonly counters: PrssCounters = { random: 0, zero: 0, mask: 0 };
  /** f_T(α_p) for all T and p: element T.index·n + p − 1. Shared by every state of the setup: read only. */
  readonly points: BigUint64Array;
  /** α_p^j for p = 1..n, j = 0..t: element (p − 1)·(t + 1) + j. Shared like `points`: read only. */
  readonly alphaPowers: BigUint64Array;
  readonly #mine: { subset: PrssSubset; prf: SubsetPrf; f: BigUint64Array }[];
  /** f_T(α_i) for this party's subsets, in #mine order: the constants of PRSS.Next's linear combination. */
  readonly #randomConstants: BigUint64Array;
  /** f_T(α_i)·α_i^j for this party's subsets (major) and j = 1..t (minor): the constants of PRZS.Next. */
  readonly #zeroConstants: BigUint64Array;

  constructor(
    setup: PrssSetup,
    ring: GaloisRing,
    sessionId: Uint8Array | string,
    options: { aesBits?: AesBits } = {},
  ) {
    const tables = sessionTables(setup, ring);
    this.ring = ring;
    this.setup = setup;
    this.points = tables.points;
    this.alphaPowers = tables.alphaPowers;
    const sid = sessionIdBytes(sessionId);
    const aesBits = options.aesBits ?? 128;
    // The streams' starting blocks depend on the session only: hashed once for all subsets.
    const starts = new Map<number, Uint32Array>();
    this.#mine = tables.mine.map(({ subset, key, f }) => ({
      subset,
      prf: new SubsetPrf(key, sid, aesBits, starts),
      f,
    }));
    this.#randomConstants = tables.randomConstants;
    this.#zeroConstants = tables.zeroConstants;
  }

  /** f_T(α_p) as a view. @example prss.point(T.index, 2) */
  point(subsetIndex: number, party: number): BigUint64Array {
    return this.ring.element(this.points, subsetIndex * this.setup.n + party - 1);
  }

  /** α_p^j as a view, 0 ≤ j ≤ t. @example prss.alphaPower(3, 1) // α_3 */
  alphaPower(party: number, j: number): BigUint64Array {
    return this.ring.element(this.alphaPowers, (party - 1) * (this.setup.t + 1) + j);
  }

  /**
   * PRSS.Next × count: this party's shares of `count` uniformly random elements, degree t.
   * @example const [x, y] = [prss.nextRandom(n), prss.nextRandom(n)]
   */
  nextRandom(count: number): BigUint64Array {
    checkCount(count);
    const first = this.counters.random;
    this.counters.random += count;
    return this.#combine('random', first, count);
  }

  /**
   * PRZS.Next × count: this party's shares of `count` zeros, degree 2t (Σ_T f_T(α_i) Σ_j r_{T,j} α_i^j).
   * @example R.add(d, d, prss.nextZero(count)) // re-randomise a degree-2t product
   */
  nextZero(count: number): BigUint64Array {
    checkCount(count);
    const first = this.counters.zero;
    this.counters.zero += count;
    return this.#combine('zero', first, count);
  }

  /**
   * PRSS-Mask.Next × count: shares (degree t) of integers Σ_T r_T with every r_T uniform in [−2^boundBits,
   * 2^boundBits), embedded in the constant coefficient: |secret| ≤ C(n, t)·2^boundBits. The flooding mask of
   * noise-flooding decryption. @example prss.nextMask(256, 70) // Z_2^128 decryption masks
   */
  nextMask(count: number, boundBits: number): BigUint64Array {
    checkCount(count);
    if (!Number.isInteger(boundBits) || boundBits < 1 || boundBits > maxMaskBits(this.ring)) {
      throw new PrssError(
        'InvalidArgument',
        `boundBits: expected an integer in [1, ${maxMaskBits(this.ring)}], got ${boundBits}`,
      );
    }
    const first = this.counters.mask;
    this.counters.mask += count;
    const ring = this.ring;
    const out = ring.alloc(count);
    if (count === 0) return out;
    const vectors = this.#mine.map(({ prf }) => {
      const values = ring.alloc(count);
      maskValues(ring, prf.words('mask', first * 2, count * 2), boundBits, values);
      return values;
    });
    ring.linearCombination(out, vectors, this.#randomConstants);
    return out;
  }

  /**
   * The raw draws r_T of this party's subsets at the given counters of `kind` (`random` or `zero`), to be
   * revealed when a batch is checked; the batch's items at these counters are then discarded. Values are
   * lane-major: lane j (zero draws have lanes 1..t, random draws one) of counters[k] at element (j − 1)·K + k.
   * @example prss.subsetDraws('random', [badCounter])
   */
  subsetDraws(kind: 'random' | 'zero', counters: readonly number[]): SubsetDraws[] {
    const lanes = kind === 'zero' ? this.setup.t : 1;
    const w = this.ring.wordsPerElement;
    const K = counters.length;
    const picks: { lane: number; element: number }[] = [];
    for (let lane = 0; lane < lanes; lane++) {
      for (let k = 0; k < K; k++) picks.push({ lane: kind === 'zero' ? lane + 1 : 0, element: counters[k] });
    }
    return this.#mine.map(({ subset, prf }) => ({
      subsetIndex: subset.index,
      values: prf.gather(kind, w, picks),
    }));
  }

  /**
   * The shares every party 1..n must hold for draws whose r_T are `draws` (subset index → values as in
   * `subsetDraws`, for every subset): party p's share is Σ_T f_T(α_p)·r_T (for `zero`: Σ_T f_T(α_p) Σ_j
   * α_p^j·r_{T,j}). Returns one vector of n·count elements, party-major (party p's shares at elements
   * [(p − 1)·count, p·count)). One element-wise kernel pass per subset and lane, over all parties at once.
   * @example const all = prss.sharesFromDraws('random', agreed, 1); R.slice(all, p - 1, p)
   */
  sharesFromDraws(
    kind: 'random' | 'zero',
    draws: ReadonlyMap<number, BigUint64Array>,
    count: number,
  ): BigUint64Array {
    const ring = this.ring;
    const { n, t } = this.setup;
    const w = ring.wordsPerElement;
    const out = ring.alloc(n * count);
    const tiledDraws = ring.alloc(n * count);
    const tiledConstants = ring.alloc(n * count);
    const constant = ring.alloc(1);
    const lanes = kind === 'zero' ? t : 1;
    for (const subset of this.setup.subsets) {
      const values = draws.get(subset.index);
      if (!values || ring.count(values, 'draws') !== lanes * count) {
        throw new PrssError(
          'InvalidArgument',
          `draws: expected ${lanes * count} values for subset ${subset.index}`,
        );
      }
      for (let lane = 1; lane <= lanes; lane++) {
        const laneValues = values.subarray((lane - 1) * count * w, lane * count * w);
        for (let p = 1; p <= n; p++) {
          tiledDraws.set(laneValues, (p - 1) * count * w);
          constant.set(this.point(subset.index, p));
          if (kind === 'zero') ring.mul(constant, constant, this.alphaPower(p, lane));
          for (let k = 0; k < count; k++) tiledConstants.set(constant, ((p - 1) * count + k) * w);
        }
        ring.mulAdd(out, tiledDraws, tiledConstants);
      }
    }
    return out;
  }

  /** One PRF slice per subset (and lane), then one linear-combination kernel call for the whole batch. */
  #combine(kind: 'random' | 'zero', first: number, count: number): BigUint64Array {
    const ring = this.ring;
    const w = ring.wordsPerElement;
    const out = ring.alloc(count);
    if (count === 0 || this.#mine.length === 0) return out;
    const vectors: BigUint64Array[] = [];
    for (const { prf } of this.#mine) {
      if (kind === 'random') vectors.push(prf.words('random', first * w, count * w));
      else for (let j = 1; j <= this.setup.t; j++) vectors.push(prf.words('zero', first * w, count * w, j));
    }
    if (vectors.length === 0) return out;
    ring.linearCombination(out, vectors, kind === 'random' ? this.#randomConstants : this.#zeroConstants);
    return out;
  }
}

/** The session-independent part of a party's PRSS state: everything but the per-session PRF keys. */
interface SessionTables {
  readonly points: BigUint64Array;
  readonly alphaPowers: BigUint64Array;
  readonly mine: readonly { subset: PrssSubset; key: Uint8Array; f: BigUint64Array }[];
  readonly randomConstants: BigUint64Array;
  readonly zeroConstants: BigUint64Array;
}

// A setup serves every request of its key: its tables are built (and the setup checked) once per ring, so a
// session only derives its subset PRF keys. Setups are immutable once made; the cache follows their lifetime.
const tablesCache = new WeakMap<PrssSetup, Map<GaloisRing, SessionTables>>();

function sessionTables(setup: PrssSetup, ring: GaloisRing): SessionTables {
  let perRing = tablesCache.get(setup);
  if (!perRing) {
    perRing = new Map();
    tablesCache.set(setup, perRing);
  }
  let tables = perRing.get(ring);
  if (!tables) {
    tables = buildTables(setup, ring);
    perRing.set(ring, tables);
  }
  return tables;
}

function buildTables(setup: PrssSetup, ring: GaloisRing): SessionTables {
  const { n, t, party } = setup;
  if (!Number.isInteger(party) || party < 1 || party > n) {
    throw new PrssError('InvalidArgument', `setup.party: expected an integer in [1, ${n}], got ${party}`);
  }
  if (n >= ring.field.size) {
    throw new PrssError(
      'InvalidArgument',
      `ring: GR(2^${ring.bits}, ${ring.degree}) has too few points for n = ${n}`,
    );
  }
  const expected = prssSubsets(n, t);
  if (expected.length !== setup.subsets.length) {
    throw new PrssError(
      'InvalidArgument',
      `setup.subsets: expected ${expected.length} subsets for n = ${n}, t = ${t}`,
    );
  }
  const w = ring.wordsPerElement;
  const points = subsetPolynomialPoints(ring, n, setup.subsets);
  const alphaPowers = ring.alloc(n * (t + 1));
  for (let p = 1; p <= n; p++) {
    alphaPowers.set(ring.powers(ring.exceptionalPoint(p), t + 1), (p - 1) * (t + 1) * w);
  }
  const mine: { subset: PrssSubset; key: Uint8Array; f: BigUint64Array }[] = [];
  for (const subset of setup.subsets) {
    if (!subset.members.includes(party)) continue;
    const key = setup.keys.get(subset.index);
    if (!key) throw new PrssError('InvalidArgument', `setup.keys: missing the key of subset ${subset.index}`);
    mine.push({ subset, key, f: ring.element(points, subset.index * n + party - 1) });
  }
  const randomConstants = ring.alloc(mine.length);
  const zeroConstants = ring.alloc(mine.length * t);
  mine.forEach(({ f }, k) => {
    randomConstants.set(f, k * w);
    for (let j = 1; j <= t; j++) {
      const alphaJ = ring.element(alphaPowers, (party - 1) * (t + 1) + j);
      ring.mul(ring.element(zeroConstants, k * t + j - 1), f, alphaJ);
    }
  });
  return { points, alphaPowers, mine, randomConstants, zeroConstants };
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 0 || count > 2 ** 26) {
    throw new PrssError('InvalidArgument', `count: expected an integer in [0, 2^26], got ${count}`);
  }
}

/**
 * Turns 2 PRF words per value into elements whose constant coefficient is uniform in [−2^b, 2^b) (the low b + 1
 * bits, minus 2^b, wrapped mod 2^k) and whose other coefficients are 0. Works on 32-bit limbs (little-endian
 * host, as the ring layout): no BigInt per value.
 */
function maskValues(ring: GaloisRing, words: BigUint64Array, b: number, out: BigUint64Array): void {
  const count = words.length / 2;
  const limbs = ring.bits / 32; // 2 or 4 limbs of the constant coefficient
  const stride = ring.wordsPerElement * 2; // limbs per element
  const input = new Uint32Array(words.buffer, words.byteOffset, words.length * 2);
  const output = new Uint32Array(out.buffer, out.byteOffset, out.length * 2);
  // keep[k]: mask of limb k among the low b + 1 bits; the offset 2^b is bit b % 32 of limb ⌊b / 32⌋.
  const keep: number[] = [];
  for (let k = 0; k < limbs; k++) {
    const bitsHere = Math.min(32, Math.max(0, b + 1 - 32 * k));
    keep.push(bitsHere === 32 ? 0xffffffff : (1 << bitsHere) - 1);
  }
  const offsetLimb = Math.floor(b / 32);
  const offsetBit = 2 ** (b % 32);
  for (let i = 0; i < count; i++) {
    const from = 4 * i;
    const to = stride * i;
    let borrow = 0;
    for (let k = 0; k < limbs; k++) {
      let limb = (input[from + k] & keep[k]) >>> 0;
      limb -= borrow + (k === offsetLimb ? offsetBit : 0);
      borrow = limb < 0 ? 1 : 0;
      output[to + k] = limb >>> 0;
    }
  }
}

// Robust opening of a batch of Shamir sharings over GR(2^k, d): error and erasure decoding of the Reed–Solomon
// code formed by the shares.
//
// Happy path (nobody lies): the first degree+1 present shares define the polynomial; every other share is
// compared with its prediction Σ λ_i·y_i (a systematic parity check, one constant × vector pass per pair),
// then Lagrange at 0. Cost: (present − degree − 1)·(degree + 1) + (degree + 1) vector passes.
//
// Error path: the textbook lifted decoder decodes bit-plane 0 of the shares in GF(2^d) (Gao), subtracts the
// lifted polynomial's evaluations, divides by 2 and repeats for all k = 64/128 planes. With e = y − f(x) the error
// vector and v its lowest 2-adic valuation, every plane below v decodes with no errors and only rebuilds low bits
// of f, which Lagrange on any consistent set gives anyway. So we jump to plane v directly: the residual
// w = y − (interpolation of y on the base set) = e − (interpolation of e on the base set) is divisible by 2^v,
// and bit v of w is a GF(2^d) word "codeword + (e/2^v mod 2)" whose errors are exactly the parties whose error
// has valuation v. Gao's algorithm names them, they are erased, and the value is checked again, until it is
// consistent: one field decoding per valuation level that holds a liar instead of k of them, same liars and
// value (open.test.ts cross-checks against a BigInt plane-by-plane decoder). Once liars are known, the rest of
// the batch is re-checked with them erased at happy-path cost and only values that still fail are decoded.
//
// Soundness: the returned values agree with every share of the parties not named as liars, and at most
// maxErrors ≤ ⌊(present − degree − 1)/2⌋ parties are named; anything else throws DecodingFailureError.
import {
  check,
  checkInteger,
  type GaloisRing,
  InvalidArgumentError,
  lagrangeAtZero,
  lagrangeCoefficients,
} from '../algebra/index.ts';
import { DecodingFailureError } from './errors.ts';
import { decodeGao } from './reed-solomon.ts';
import { checkPartyCount } from './shamir.ts';

/** The result of a robust opening. */
export interface RobustOpening {
  /** f(0) for every element of the batch (a vector of `count` ring elements). */
  readonly values: BigUint64Array;
  /** Parties (1-based, ascending) whose shares were wrong in at least one element of the batch. */
  readonly corruptParties: number[];
}

/** Options of openRobust. */
export interface RobustOpenOptions {
  /**
   * At most this many liars are tolerated (e.g. t, or t minus parties known to be faulty); more throws. Capped
   * at the decoding radius ⌊(present − degree − 1)/2⌋, which is also the default.
   */
  readonly maxErrors?: number;
}

/**
 * Opens a batch of degree-`degree` sharings from the share vectors of parties 1..n (`shares[p − 1]`, undefined
 * for a party whose shares did not arrive), correcting up to e wrong parties when 2e + missing ≤ n − degree − 1.
 * Throws DecodingFailureError (never returns an unverified value) when that bound is exceeded detectably.
 * @example const { values, corruptParties } = openRobust(R, t, sharesByParty, { maxErrors: t })
 */
export function openRobust(
  R: GaloisRing,
  degree: number,
  shares: readonly (BigUint64Array | undefined)[],
  options: RobustOpenOptions = {},
): RobustOpening {
  const n = shares.length;
  checkPartyCount(R, n, 'shares.length');
  checkInteger('degree', degree, 0, n - 1);
  let count = -1;
  const present: number[] = [];
  for (let p = 1; p <= n; p++) {
    const share = shares[p - 1];
    if (share === undefined) continue;
    const c = R.count(share, `shares[${p - 1}]`);
    if (count >= 0 && c !== count) {
      throw new InvalidArgumentError(
        `shares[${p - 1}]: expected ${count} elements like the other parties, got ${c}`,
      );
    }
    count = c;
    present.push(p);
  }
  if (present.length < degree + 1) {
    throw new DecodingFailureError(
      'TooFewShares',
      `${present.length} of ${n} parties sent shares, a degree-${degree} opening needs ${degree + 1}`,
    );
  }
  const radius = Math.floor((present.length - degree - 1) / 2);
  let maxErrors = radius;
  if (options.maxErrors !== undefined) {
    checkInteger('options.maxErrors', options.maxErrors, 0, n);
    maxErrors = Math.min(radius, options.maxErrors);
  }

  const view = (p: number) => shares[p - 1]!;
  let honest = present;
  const corrupt: number[] = [];
  let pending: Int32Array | undefined;
  for (;;) {
    const failing = failingElements(R, degree, honest, view, pending, count);
    if (failing.length === 0) break;
    const liars = locateLiars(R, degree, honest, view, failing[0], maxErrors - corrupt.length, corrupt);
    // locateLiars names someone or throws; the check keeps the loop finite whatever happens.
    check(liars.length > 0, `element ${failing[0]}: inconsistent shares but no liar found (internal)`);
    corrupt.push(...liars);
    honest = honest.filter((p) => !liars.includes(p));
    pending = failing;
  }
  const base = honest.slice(0, degree + 1);
  const values = R.alloc(count);
  R.linearCombination(
    values,
    base.map((p) => view(p)),
    lagrangeAtZero(R, base),
  );
  return { values, corruptParties: corrupt.sort((a, b) => a - b) };
}

/**
 * Indices (into the batch) of the elements among `pending` (all when undefined) whose shares from `parties` do
 * not lie on one polynomial of degree `degree`.
 */
function failingElements(
  R: GaloisRing,
  degree: number,
  parties: readonly number[],
  sharesOf: (p: number) => BigUint64Array,
  pending: Int32Array | undefined,
  count: number,
): Int32Array {
  if (parties.length <= degree + 1) return new Int32Array(0);
  const w = R.wordsPerElement;
  // Re-checks after a liar was found only look at the elements that failed (all of them in the common case
  // of a liar corrupting everything, where gathering would only cost a copy).
  const subset = pending !== undefined && pending.length < count ? pending : undefined;
  const size = subset ? subset.length : count;
  const vectors = parties.map((p) => (subset ? gather(sharesOf(p), subset, w) : sharesOf(p)));
  const base = parties.slice(0, degree + 1);
  const baseVectors = vectors.slice(0, degree + 1);
  const predicted = R.alloc(size);
  const failed = new Uint8Array(size);
  // Compare 32-bit halves: reading BigUint64Array entries would create bigints in the loop.
  const predicted32 = new Uint32Array(predicted.buffer);
  const wordsPer32 = 2 * w;
  for (let k = degree + 1; k < parties.length; k++) {
    R.linearCombination(predicted, baseVectors, lagrangeCoefficients(R, base, parties[k]));
    const actual = vectors[k];
    const actual32 = new Uint32Array(actual.buffer, actual.byteOffset, actual.length * 2);
    for (let e = 0, o = 0; e < size; e++, o += wordsPer32) {
      if (failed[e]) continue;
      for (let j = 0; j < wordsPer32; j++) {
        if (predicted32[o + j] !== actual32[o + j]) {
          failed[e] = 1;
          break;
        }
      }
    }
  }
  let failures = 0;
  for (let e = 0; e < size; e++) failures += failed[e];
  const out = new Int32Array(failures);
  for (let e = 0, k = 0; e < size; e++) if (failed[e]) out[k++] = subset ? subset[e] : e;
  return out;
}

/** The elements `indices` of a vector with `w` words per element, copied through 32-bit views (no bigints). */
function gather(source: BigUint64Array, indices: Int32Array, w: number): BigUint64Array {
  const out = new BigUint64Array(indices.length * w);
  const from = new Uint32Array(source.buffer, source.byteOffset, source.length * 2);
  const to = new Uint32Array(out.buffer);
  const step = 2 * w;
  for (let k = 0; k < indices.length; k++) {
    const s = indices[k] * step;
    const d = k * step;
    for (let j = 0; j < step; j++) to[d + j] = from[s + j];
  }
  return out;
}

/**
 * Names the parties whose shares of batch element `index` are wrong, given that those of `parties` do not lie
 * on one polynomial: residue-field decoding lifted plane by plane, as described at the top of the file.
 */
function locateLiars(
  R: GaloisRing,
  degree: number,
  parties: readonly number[],
  sharesOf: (p: number) => BigUint64Array,
  index: number,
  budget: number,
  alreadyCorrupt: readonly number[],
): number[] {
  const liars: number[] = [];
  let alive = parties.slice();
  const predicted = R.alloc(1);
  for (;;) {
    const suspects = () => [...alreadyCorrupt, ...liars].sort((a, b) => a - b);
    if (alive.length < degree + 1) {
      throw new DecodingFailureError(
        'TooFewShares',
        `element ${index}: fewer than ${degree + 1} consistent shares remain`,
        suspects(),
      );
    }
    const base = alive.slice(0, degree + 1);
    const baseShares = base.map((p) => R.element(sharesOf(p), index));
    const residual: BigUint64Array[] = [];
    let lowestBit: number = R.bits;
    for (let k = degree + 1; k < alive.length; k++) {
      R.linearCombination(predicted, baseShares, lagrangeCoefficients(R, base, alive[k]));
      const difference = R.alloc(1);
      R.sub(difference, R.element(sharesOf(alive[k]), index), predicted);
      residual.push(difference);
      lowestBit = Math.min(lowestBit, lowestSetBit(R, difference));
    }
    if (lowestBit === R.bits) return liars;
    const word = new Uint8Array(alive.length);
    for (let k = degree + 1; k < alive.length; k++)
      word[k] = R.bitPlane(residual[k - degree - 1], lowestBit)[0];
    // The exceptional point of party p reduces mod 2 to the GF(2^d) element p.
    const decoded = decodeGao(R.field, alive, word, degree + 1);
    if (!decoded || decoded.errorPositions.length === 0) {
      throw new DecodingFailureError(
        'NoCodeword',
        `element ${index}: the shares of parties ${alive.join(',')} are farther than ⌊(${alive.length} − ${degree + 1})/2⌋ from every degree-${degree} polynomial (bit plane ${lowestBit})`,
        suspects(),
      );
    }
    const found = decoded.errorPositions.map((i) => alive[i]);
    liars.push(...found);
    if (liars.length > budget) {
      throw new DecodingFailureError(
        'TooManyErrors',
        `element ${index}: ${alreadyCorrupt.length + liars.length} parties gave wrong shares, at most ${alreadyCorrupt.length + budget} can be corrected`,
        suspects(),
      );
    }
    alive = alive.filter((p) => !found.includes(p));
  }
}

/** The lowest set bit over all coefficients of a single element (R.bits for zero); cold path. */
function lowestSetBit(R: GaloisRing, element: BigUint64Array): number {
  check(R.count(element) === 1, 'element: expected one element');
  let lowest: number = R.bits;
  for (const c of R.toBigints(element)) {
    if (c === 0n) continue;
    let b = 0;
    while (((c >> BigInt(b)) & 1n) === 0n) b++;
    lowest = Math.min(lowest, b);
  }
  return lowest;
}

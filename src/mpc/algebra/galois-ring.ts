// GR(2^k, d) = Z_2^k[X]/F(X) for k ∈ {64, 128} and d = 3..8, one generic implementation over (k, d, F).
// Vectors of elements are flat BigUint64Arrays (layout in README.md); a single element is a vector of count 1.
import { randomFillSync } from 'node:crypto';
import { check, checkInteger, InvalidArgumentError } from './errors.ts';
import { type GaloisField, galoisField, MAX_DEGREE, MIN_DEGREE } from './gf.ts';
import { jsKernels, type RingKernels, type RingShape } from './kernels.ts';
import { wasmKernels } from './kernels-wasm.ts';
import { type RingBits, readValue, wordsPerValue, writeValue } from './words.ts';

/**
 * The Galois ring GR(2^bits, degree) with the modulus F of `galoisField(degree)` lifted to Z_2^k.
 * Obtain instances with `galoisRing(bits, degree)`.
 */
export class GaloisRing {
  /** k: the base ring is Z_2^k. */
  readonly bits: RingBits;
  /** d: the extension degree. */
  readonly degree: number;
  /** u64 words per coefficient: 1 (k = 64) or 2 (k = 128, low word first). */
  readonly wordsPerCoefficient: 1 | 2;
  /** u64 words per element: d or 2d. */
  readonly wordsPerElement: number;
  /** The residue field GF(2^d) = GR / 2·GR. */
  readonly field: GaloisField;
  /** Which kernels run: 'wasm' when the modules are built (or wabt can compile them), else 'js'. */
  readonly backend: 'js' | 'wasm';
  /** The wasm kernels when built (measured faster from one element on: ~55 ns per call vs ~65 ns in TS), else TS. */
  readonly #kernels: RingKernels;

  /** Prefer `galoisRing(bits, degree)`; `{ wasm: false }` forces the TypeScript kernels (tests, comparisons). */
  constructor(bits: RingBits, degree: number, options: { wasm?: boolean } = {}) {
    check(bits === 64 || bits === 128, `bits: expected 64 or 128, got ${bits}`);
    checkInteger('degree', degree, MIN_DEGREE, MAX_DEGREE);
    this.bits = bits;
    this.degree = degree;
    this.wordsPerCoefficient = wordsPerValue(bits);
    this.wordsPerElement = degree * this.wordsPerCoefficient;
    this.field = galoisField(degree);
    const taps: number[] = [];
    for (let j = 0; j < degree; j++) if ((this.field.modulus >> j) & 1) taps.push(j);
    const shape: RingShape = { bits, degree, taps };
    this.#kernels = (options.wasm === false ? undefined : wasmKernels(shape)) ?? jsKernels(shape);
    this.backend = this.#kernels.backend;
  }

  // ---- vectors ---------------------------------------------------------------------------------------------

  /** A zero vector of `count` elements. @example const shares = R.alloc(1000) */
  alloc(count: number): BigUint64Array {
    checkInteger('count', count, 0, 2 ** 31);
    return new BigUint64Array(count * this.wordsPerElement);
  }

  /** Number of elements in `v`; throws if its length is not a multiple of wordsPerElement. @example R.count(v) */
  count(v: BigUint64Array, name = 'v'): number {
    if (!(v instanceof BigUint64Array)) throw new InvalidArgumentError(`${name}: expected a BigUint64Array`);
    if (v.length % this.wordsPerElement !== 0) {
      throw new InvalidArgumentError(
        `${name}: length ${v.length} is not a multiple of ${this.wordsPerElement} words per element`,
      );
    }
    return v.length / this.wordsPerElement;
  }

  /** A view of element i of v (shares memory with v). @example R.mulConst(out, v, R.element(lagrange, k)) */
  element(v: BigUint64Array, i: number): BigUint64Array {
    checkInteger('i', i, 0, this.count(v) - 1);
    return v.subarray(i * this.wordsPerElement, (i + 1) * this.wordsPerElement);
  }

  /** A view of elements [start, end) of v (shares memory). @example R.slice(v, 0, 10) */
  slice(v: BigUint64Array, start: number, end: number): BigUint64Array {
    const count = this.count(v);
    checkInteger('end', end, 0, count);
    checkInteger('start', start, 0, end);
    return v.subarray(start * this.wordsPerElement, end * this.wordsPerElement);
  }

  /** The element 0. @example R.equals(R.zero(), R.alloc(1)) */
  zero(): BigUint64Array {
    return this.alloc(1);
  }

  /** The element 1. @example R.mul(out, x, R.one()) // out = x */
  one(): BigUint64Array {
    return this.embedInteger(1n);
  }

  /** out = a + b element-wise. @example R.add(out, a, b) */
  add(out: BigUint64Array, a: BigUint64Array, b: BigUint64Array): void {
    this.#sameCount(out, a, b);
    this.#kernels.add(out, a, b);
  }

  /** out = a − b element-wise. @example R.sub(out, a, b) */
  sub(out: BigUint64Array, a: BigUint64Array, b: BigUint64Array): void {
    this.#sameCount(out, a, b);
    this.#kernels.sub(out, a, b);
  }

  /** out = −a element-wise. @example R.neg(out, a) */
  neg(out: BigUint64Array, a: BigUint64Array): void {
    this.#sameCount(out, a);
    this.#kernels.neg(out, a);
  }

  /** out = a · b element-wise (ring product). @example R.mul(out, a, b) */
  mul(out: BigUint64Array, a: BigUint64Array, b: BigUint64Array): void {
    this.#sameCount(out, a, b);
    this.#kernels.mul(out, a, b);
  }

  /** acc += a · b element-wise. @example R.mulAdd(acc, d, b) // Beaver: z += d·[b] */
  mulAdd(acc: BigUint64Array, a: BigUint64Array, b: BigUint64Array): void {
    this.#sameCount(acc, a, b);
    this.#kernels.mulAdd(acc, a, b);
  }

  /** out = c · v for one constant element c. @example R.mulConst(out, v, R.exceptionalPoint(3)) */
  mulConst(out: BigUint64Array, v: BigUint64Array, c: BigUint64Array): void {
    this.#sameCount(out, v);
    this.#checkElement(c, 'c');
    this.#kernels.mulConst(out, v, c, false);
  }

  /** acc += c · v for one constant element c (the Lagrange / PRSS workhorse). @example R.mulConstAdd(acc, share, lambda) */
  mulConstAdd(acc: BigUint64Array, v: BigUint64Array, c: BigUint64Array): void {
    this.#sameCount(acc, v);
    this.#checkElement(c, 'c');
    this.#kernels.mulConst(acc, v, c, true);
  }

  /**
   * out = Σ_k constants[k] · vectors[k]; `constants` is a vector of vectors.length elements. `out` may alias
   * vectors[0] only. @example R.linearCombination(secret, sharesByParty, lagrangeAtZero(R, parties))
   */
  linearCombination(
    out: BigUint64Array,
    vectors: readonly BigUint64Array[],
    constants: BigUint64Array,
  ): void {
    check(vectors.length > 0, 'vectors: expected at least one vector');
    check(
      this.count(constants, 'constants') === vectors.length,
      `constants: expected ${vectors.length} elements, got ${this.count(constants)}`,
    );
    for (let k = 0; k < vectors.length; k++) this.#sameCount(out, vectors[k]);
    this.#checkNoAlias(out, vectors);
    this.#kernels.linearCombination(out, vectors, constants);
  }

  /** out = Σ_k vectors[k]; `out` may alias vectors[0] only. @example R.sum(total, [x, y, z]) */
  sum(out: BigUint64Array, vectors: readonly BigUint64Array[]): void {
    check(vectors.length > 0, 'vectors: expected at least one vector');
    for (const v of vectors) this.#sameCount(out, v);
    this.#checkNoAlias(out, vectors);
    if (out !== vectors[0]) out.set(vectors[0]);
    for (let k = 1; k < vectors.length; k++) this.#kernels.add(out, out, vectors[k]);
  }

  /** The single element Σ_i v[i]. @example R.sumElements(shares) // Σ of a batch */
  sumElements(v: BigUint64Array): BigUint64Array {
    const ones = new BigUint64Array(this.count(v) * this.wordsPerCoefficient);
    for (let i = 0; i < ones.length; i += this.wordsPerCoefficient) ones[i] = 1n;
    const out = this.alloc(1);
    this.#kernels.dotIntegers(out, ones, v);
    return out;
  }

  /** The single element Σ_i a[i]·b[i]. @example R.dot(a, b) */
  dot(a: BigUint64Array, b: BigUint64Array): BigUint64Array {
    const products = this.alloc(this.#sameCount(a, b));
    this.mul(products, a, b);
    return this.sumElements(products);
  }

  /**
   * The single element Σ_i ints[i]·v[i], where ints holds Z_2^k values (1 word each for k = 64, lo/hi for 128):
   * the inner product ⟨a, [s]⟩ of a public LWE mask with key shares. @example R.dotIntegers(mask, keyShares)
   */
  dotIntegers(ints: BigUint64Array, v: BigUint64Array): BigUint64Array {
    const count = this.count(v);
    if (!(ints instanceof BigUint64Array)) throw new InvalidArgumentError('ints: expected a BigUint64Array');
    check(
      ints.length === count * this.wordsPerCoefficient,
      `ints: expected ${count} Z_2^${this.bits} values (${count * this.wordsPerCoefficient} words), got ${ints.length} words`,
    );
    const out = this.alloc(1);
    this.#kernels.dotIntegers(out, ints, v);
    return out;
  }

  /**
   * out[b] = Σ_i rows[b·rowStride + i]·v[i] for each element b of out: dotIntegers for a batch of Z_2^k rows
   * against one vector, each chunk of v copied to the kernels once per group of rows. Rows may overlap (1 ≤
   * rowStride < v's length: windows sliding over one array, whose shared values are copied once per group); with
   * rowStride = n + 1 they are LWE masks stored with their bodies. @example R.dotIntegersRows(out, lwes, n + 1, keyShares)
   */
  dotIntegersRows(out: BigUint64Array, rows: BigUint64Array, rowStride: number, v: BigUint64Array): void {
    this.#checkRows(out, rows, rowStride, v);
    this.#kernels.dotIntegersRows(out, rows, rowStride, v, false);
  }

  /**
   * acc[b] += Σ_i rows[b·rowStride + i]·v[i]: dotIntegersRows adding to acc, e.g. to sum one row's products over
   * several key segments. @example R.dotIntegersRowsAdd(acc, windows, 1, keySegment)
   */
  dotIntegersRowsAdd(acc: BigUint64Array, rows: BigUint64Array, rowStride: number, v: BigUint64Array): void {
    this.#checkRows(acc, rows, rowStride, v);
    this.#kernels.dotIntegersRows(acc, rows, rowStride, v, true);
  }

  /** out = x · v for an integer x ∈ Z_2^k. @example R.mulInteger(out, v, 2n) */
  mulInteger(out: BigUint64Array, v: BigUint64Array, x: bigint): void {
    this.mulConst(out, v, this.embedInteger(x));
  }

  /** out = v >> s coefficient-wise (logical; exact division by 2^s when 2^s divides v). @example R.shiftRight(v, v, 1) */
  shiftRight(out: BigUint64Array, v: BigUint64Array, s: number): void {
    this.#sameCount(out, v);
    checkInteger('s', s, 0, this.bits);
    const n = out.length / this.wordsPerCoefficient;
    for (let i = 0; i < n; i++) writeValue(this.bits, out, i, readValue(this.bits, v, i) >> BigInt(s));
  }

  /** out = 2^s · v (coefficient-wise shift left). @example R.shiftLeft(v, plane, 5) */
  shiftLeft(out: BigUint64Array, v: BigUint64Array, s: number): void {
    this.#sameCount(out, v);
    checkInteger('s', s, 0, this.bits);
    const n = out.length / this.wordsPerCoefficient;
    for (let i = 0; i < n; i++) writeValue(this.bits, out, i, readValue(this.bits, v, i) << BigInt(s));
  }

  /** True if a and b hold the same elements. @example R.equals(R.mul(...), expected) */
  equals(a: BigUint64Array, b: BigUint64Array): boolean {
    this.#sameCount(a, b);
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /** `count` uniformly random elements from the OS CSPRNG. @example const r = R.randomVector(1024) */
  randomVector(count: number): BigUint64Array {
    const v = this.alloc(count);
    for (let offset = 0; offset < v.length; offset += 8192) {
      randomFillSync(v.subarray(offset, Math.min(v.length, offset + 8192)));
    }
    return v;
  }

  // ---- conversions -----------------------------------------------------------------------------------------

  /** A vector from coefficients, d per element, each reduced mod 2^k. @example R.fromBigints([1n, 2n, 3n, 4n]) */
  fromBigints(coefficients: readonly bigint[]): BigUint64Array {
    check(
      coefficients.length % this.degree === 0,
      `coefficients: length ${coefficients.length} is not a multiple of the degree ${this.degree}`,
    );
    const v = this.alloc(coefficients.length / this.degree);
    for (let i = 0; i < coefficients.length; i++) writeValue(this.bits, v, i, coefficients[i]);
    return v;
  }

  /** The d coefficients of element i as bigints. @example R.toBigints(v, 0) // [c0, c1, …] */
  toBigints(v: BigUint64Array, i = 0): bigint[] {
    this.element(v, i);
    const out = new Array<bigint>(this.degree);
    for (let j = 0; j < this.degree; j++) out[j] = readValue(this.bits, v, i * this.degree + j);
    return out;
  }

  /** The element with constant coefficient x mod 2^k (the embedding Z_2^k → GR). @example R.embedInteger(-1n) */
  embedInteger(x: bigint): BigUint64Array {
    const e = this.alloc(1);
    writeValue(this.bits, e, 0, x);
    return e;
  }

  /** A vector whose element i has constant coefficient values[i] (words: 1 or 2 per value). @example R.embedIntegers(msgs) */
  embedIntegers(values: BigUint64Array): BigUint64Array {
    const wc = this.wordsPerCoefficient;
    check(values.length % wc === 0, `values: expected ${wc} words per Z_2^${this.bits} value`);
    const count = values.length / wc;
    const v = this.alloc(count);
    for (let i = 0; i < count; i++) {
      for (let w = 0; w < wc; w++) v[i * this.wordsPerElement + w] = values[i * wc + w];
    }
    return v;
  }

  /** The constant coefficients of all elements (1 or 2 words each). @example R.constantCoefficients(opened) */
  constantCoefficients(v: BigUint64Array): BigUint64Array {
    const count = this.count(v);
    const wc = this.wordsPerCoefficient;
    const out = new BigUint64Array(count * wc);
    for (let i = 0; i < count; i++) {
      for (let w = 0; w < wc; w++) out[i * wc + w] = v[i * this.wordsPerElement + w];
    }
    return out;
  }

  // ---- residue field, units, exceptional sequence ----------------------------------------------------------

  /** Element i mod 2 as a GF(2^d) integer (bit j = bit 0 of coefficient j). @example R.reduceMod2(x) !== 0 // unit */
  reduceMod2(v: BigUint64Array, i = 0): number {
    return this.bitPlane(this.element(v, i), 0)[0];
  }

  /**
   * Bit b of every coefficient, one GF(2^d) integer per element: the bit-plane a lifted decoder works on.
   * @example const plane = R.bitPlane(shares, 0)
   */
  bitPlane(v: BigUint64Array, b: number, out?: Uint8Array): Uint8Array {
    const count = this.count(v);
    checkInteger('b', b, 0, this.bits - 1);
    const plane = out ?? new Uint8Array(count);
    check(plane.length === count, `out: expected ${count} entries, got ${plane.length}`);
    const wc = this.wordsPerCoefficient;
    const wordOffset = b >= 64 ? 1 : 0;
    const shift = BigInt(b & 63);
    for (let i = 0; i < count; i++) {
      let x = 0;
      for (let j = 0; j < this.degree; j++) {
        const word = v[(i * this.degree + j) * wc + wordOffset];
        x |= Number((word >> shift) & 1n) << j;
      }
      plane[i] = x;
    }
    return plane;
  }

  /** out[i] = 2^b · lift(plane[i]) (coefficients 0 or 2^b): the inverse of bitPlane. @example R.embedBitPlane(out, plane, 3) */
  embedBitPlane(out: BigUint64Array, plane: Uint8Array, b: number): void {
    const count = this.count(out, 'out');
    check(plane.length === count, `plane: expected ${count} entries, got ${plane.length}`);
    checkInteger('b', b, 0, this.bits - 1);
    out.fill(0n);
    const wc = this.wordsPerCoefficient;
    const wordOffset = b >= 64 ? 1 : 0;
    const bit = 1n << BigInt(b & 63);
    for (let i = 0; i < count; i++) {
      const x = plane[i];
      check(this.field.isElement(x), `plane[${i}]: expected a GF(2^${this.degree}) element, got ${x}`);
      for (let j = 0; j < this.degree; j++)
        if ((x >> j) & 1) out[(i * this.degree + j) * wc + wordOffset] = bit;
    }
  }

  /** The element with coefficients the bits of a GF(2^d) integer (the Teichmüller-free "bit lift"). @example R.liftField(5) */
  liftField(x: number): BigUint64Array {
    const out = this.alloc(1);
    this.embedBitPlane(out, Uint8Array.of(x), 0);
    return out;
  }

  /** True if element i of v is invertible, i.e. nonzero mod 2. @example R.isUnit(R.exceptionalPoint(3)) */
  isUnit(v: BigUint64Array, i = 0): boolean {
    return this.reduceMod2(v, i) !== 0;
  }

  /** 1/x for a unit x (Newton–Hensel lifting from the GF(2^d) inverse); throws for non-units. @example R.inverse(x) */
  inverse(x: BigUint64Array): BigUint64Array {
    check(this.count(x, 'x') === 1, 'x: expected a single element');
    const x0 = this.reduceMod2(x);
    if (x0 === 0) throw new InvalidArgumentError('x: not a unit (zero mod 2), it has no inverse');
    const y = this.liftField(this.field.inv(x0));
    const two = this.embedInteger(2n);
    const t = this.alloc(1);
    // y_{n+1} = y_n (2 − x y_n) doubles the number of correct low bits: 1 → 2 → … → k.
    for (let precision = 1; precision < this.bits; precision *= 2) {
      this.#kernels.mul(t, x, y);
      this.#kernels.sub(t, two, t);
      this.#kernels.mul(y, y, t);
    }
    return y;
  }

  /**
   * Element i of the exceptional sequence: Σ_j bit_j(i)·X^j, for 0 ≤ i < 2^d. Party p (1-based) is evaluated at
   * exceptionalPoint(p), the mapping node-tkms expects; pairwise differences are units. @example R.exceptionalPoint(1) // 1
   */
  exceptionalPoint(i: number): BigUint64Array {
    checkInteger('i', i, 0, this.field.size - 1);
    return this.liftField(i);
  }

  /** The exceptional points of the given indices as one vector. @example R.exceptionalPoints([1, 2, 3, 4]) */
  exceptionalPoints(indices: readonly number[]): BigUint64Array {
    const out = this.alloc(indices.length);
    for (let k = 0; k < indices.length; k++)
      out.set(this.exceptionalPoint(indices[k]), k * this.wordsPerElement);
    return out;
  }

  /** The vector [1, x, x², …, x^(n−1)] for one element x. @example R.powers(R.exceptionalPoint(p), t + 1) */
  powers(x: BigUint64Array, n: number): BigUint64Array {
    check(this.count(x, 'x') === 1, 'x: expected a single element');
    checkInteger('n', n, 0, 2 ** 24);
    const out = this.alloc(n);
    const w = this.wordsPerElement;
    if (n > 0) out.set(this.one(), 0);
    for (let k = 1; k < n; k++)
      this.#kernels.mul(out.subarray(k * w, (k + 1) * w), out.subarray((k - 1) * w, k * w), x);
    return out;
  }

  // ---- internals -------------------------------------------------------------------------------------------

  #sameCount(out: BigUint64Array, ...inputs: BigUint64Array[]): number {
    const n = this.count(out, 'out');
    for (const v of inputs) {
      const m = this.count(v, 'input');
      if (m !== n) throw new InvalidArgumentError(`input: expected ${n} elements like out, got ${m}`);
    }
    return n;
  }

  #checkNoAlias(out: BigUint64Array, vectors: readonly BigUint64Array[]): void {
    for (let k = 1; k < vectors.length; k++) {
      const v = vectors[k];
      if (v.buffer !== out.buffer) continue;
      const overlap =
        v.byteOffset < out.byteOffset + out.byteLength && out.byteOffset < v.byteOffset + v.byteLength;
      if (overlap)
        throw new InvalidArgumentError(`out: must not overlap vectors[${k}] (only vectors[0] may alias)`);
    }
  }

  #checkRows(out: BigUint64Array, rows: BigUint64Array, rowStride: number, v: BigUint64Array): void {
    const batch = this.count(out, 'out');
    const length = this.count(v);
    checkInteger('rowStride', rowStride, 1, 2 ** 31);
    if (!(rows instanceof BigUint64Array)) throw new InvalidArgumentError('rows: expected a BigUint64Array');
    const needed = batch === 0 ? 0 : ((batch - 1) * rowStride + length) * this.wordsPerCoefficient;
    check(
      rows.length >= needed,
      `rows: expected at least ${needed} words for ${batch} rows, got ${rows.length}`,
    );
    const overlap =
      rows.buffer === out.buffer &&
      rows.byteOffset < out.byteOffset + out.byteLength &&
      out.byteOffset < rows.byteOffset + rows.byteLength;
    if (overlap) throw new InvalidArgumentError('out: must not overlap rows');
  }

  #checkElement(c: BigUint64Array, name: string): void {
    if (this.count(c, name) !== 1) throw new InvalidArgumentError(`${name}: expected a single element`);
  }
}

const rings = new Map<string, GaloisRing>();

/** The (cached) ring GR(2^bits, degree). @example const R = galoisRing(128, 4) */
export function galoisRing(bits: RingBits, degree: number): GaloisRing {
  const key = `${bits}/${degree}`;
  let ring = rings.get(key);
  if (!ring) {
    ring = new GaloisRing(bits, degree);
    rings.set(key, ring);
  }
  return ring;
}

/** The extension degree for n parties: the smallest d ≥ 3 with 2^d > n (3 for n ≤ 7, 4 for n ≤ 15, …, 8 for n ≤ 255). @example degreeForParties(13) === 4 */
export function degreeForParties(n: number): number {
  checkInteger('n', n, 1, (1 << MAX_DEGREE) - 1);
  let d = MIN_DEGREE;
  while (1 << d <= n) d++;
  return d;
}

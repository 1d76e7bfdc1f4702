// Vector kernels of GR(2^k, d), written once over (k, d, F) in plain TypeScript. The WebAssembly kernels
// (kernels-wasm.ts) implement the same interface; the ring picks one per call size. Word layout: see README.md.
import type { RingBits } from './words.ts';

/** The shape of a Galois ring: base-ring bits k, degree d, and taps = the j < d with coefficient 1 in F(X). */
export interface RingShape {
  readonly bits: RingBits;
  readonly degree: number;
  readonly taps: readonly number[];
}

/**
 * Whole-vector kernels on word arrays. Lengths are checked by the caller (GaloisRing); `out` may alias any input,
 * except that linearCombination's `out` may alias only vectors[0].
 */
export interface RingKernels {
  readonly backend: 'js' | 'wasm';
  add(out: BigUint64Array, a: BigUint64Array, b: BigUint64Array): void;
  sub(out: BigUint64Array, a: BigUint64Array, b: BigUint64Array): void;
  neg(out: BigUint64Array, a: BigUint64Array): void;
  /** out = a ∘ b (element-wise ring product). */
  mul(out: BigUint64Array, a: BigUint64Array, b: BigUint64Array): void;
  /** acc += a ∘ b. */
  mulAdd(acc: BigUint64Array, a: BigUint64Array, b: BigUint64Array): void;
  /** out = c·v, or out += c·v when `accumulate`, for one element c. */
  mulConst(out: BigUint64Array, v: BigUint64Array, c: BigUint64Array, accumulate: boolean): void;
  /** out = Σ_k constants[k]·vectors[k] (constants: one element per vector). */
  linearCombination(out: BigUint64Array, vectors: readonly BigUint64Array[], constants: BigUint64Array): void;
  /** out (one element) = Σ_i ints[i] · v[i], ints being Z_2^k values (1 or 2 words each). */
  dotIntegers(out: BigUint64Array, ints: BigUint64Array, v: BigUint64Array): void;
  /**
   * out[b] (+)= Σ_i rows[b·rowStride + i]·v[i] for every element b of out (rowStride counted in Z_2^k values, at
   * least 1: rows may overlap), adding to out when `accumulate`.
   */
  dotIntegersRows(
    out: BigUint64Array,
    rows: BigUint64Array,
    rowStride: number,
    v: BigUint64Array,
    accumulate: boolean,
  ): void;
}

/** Plain TypeScript kernels: BigUint64Array arithmetic for k = 64, bigint arithmetic for k = 128. */
export function jsKernels(shape: RingShape): RingKernels {
  return shape.bits === 64 ? js64(shape) : js128(shape);
}

/**
 * The d×d matrix M of multiplication by c ∈ GR(2^64, d), row-major (column j = c·X^j mod F), so that c·v = M·v
 * coefficient-wise: d² multiply-adds per element and no reduction. Written into `out` (d² words).
 */
export function multiplicationMatrix64(
  out: BigUint64Array,
  c: BigUint64Array,
  { degree: d, taps }: RingShape,
): void {
  const column = c.slice(0, d);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < d; i++) out[i * d + j] = column[i];
    const top = column[d - 1];
    column.copyWithin(1, 0, d - 1);
    column[0] = 0n;
    for (const t of taps) column[t] -= top;
  }
}

/** dotIntegersRows through one `dotIntegers` per row. */
function dotRowByRow(
  kernels: Pick<RingKernels, 'dotIntegers' | 'add'>,
  shape: RingShape,
  out: BigUint64Array,
  rows: BigUint64Array,
  rowStride: number,
  v: BigUint64Array,
  accumulate: boolean,
): void {
  const wordsPerValue = shape.bits === 64 ? 1 : 2;
  const w = shape.degree * wordsPerValue;
  const length = (v.length / w) * wordsPerValue;
  const product = new BigUint64Array(w);
  for (let b = 0; b < out.length / w; b++) {
    const start = b * rowStride * wordsPerValue;
    const element = out.subarray(b * w, (b + 1) * w);
    kernels.dotIntegers(accumulate ? product : element, rows.subarray(start, start + length), v);
    if (accumulate) kernels.add(element, element, product);
  }
}

/** out = Σ_k constants[k]·vectors[k] through `mulConst` (the k-th element of constants is words [k·w, (k+1)·w)). */
function combineByMulConst(
  kernels: Pick<RingKernels, 'mulConst'>,
  wordsPerElement: number,
  out: BigUint64Array,
  vectors: readonly BigUint64Array[],
  constants: BigUint64Array,
): void {
  for (let k = 0; k < vectors.length; k++) {
    kernels.mulConst(
      out,
      vectors[k],
      constants.subarray(k * wordsPerElement, (k + 1) * wordsPerElement),
      k > 0,
    );
  }
}

function js64(shape: RingShape): RingKernels {
  const { degree: d, taps } = shape;
  const t = new BigUint64Array(2 * d - 1);
  const matrix = new BigUint64Array(d * d);
  const tapList = Int32Array.from(taps);
  const product = (a: BigUint64Array, b: BigUint64Array, o: number) => {
    t.fill(0n);
    for (let i = 0; i < d; i++) {
      const ai = a[o + i];
      for (let j = 0; j < d; j++) t[i + j] += ai * b[o + j];
    }
    for (let m = 2 * d - 2; m >= d; m--) {
      const c = t[m];
      for (let k = 0; k < tapList.length; k++) t[m - d + tapList[k]] -= c;
    }
  };
  const vj = new BigUint64Array(d);
  const matrixProduct = (v: BigUint64Array, m: BigUint64Array, o: number) => {
    for (let j = 0; j < d; j++) vj[j] = v[o + j];
    for (let i = 0; i < d; i++) {
      let s = 0n;
      for (let j = 0; j < d; j++) s = BigInt.asUintN(64, s + m[i * d + j] * vj[j]);
      t[i] = s;
    }
  };
  const kernels: RingKernels = {
    backend: 'js',
    add(out, a, b) {
      for (let i = 0; i < out.length; i++) out[i] = a[i] + b[i];
    },
    sub(out, a, b) {
      for (let i = 0; i < out.length; i++) out[i] = a[i] - b[i];
    },
    neg(out, a) {
      for (let i = 0; i < out.length; i++) out[i] = -a[i];
    },
    mul(out, a, b) {
      for (let o = 0; o < out.length; o += d) {
        product(a, b, o);
        for (let i = 0; i < d; i++) out[o + i] = t[i];
      }
    },
    mulAdd(acc, a, b) {
      for (let o = 0; o < acc.length; o += d) {
        product(a, b, o);
        for (let i = 0; i < d; i++) acc[o + i] += t[i];
      }
    },
    mulConst(out, v, c, accumulate) {
      multiplicationMatrix64(matrix, c, shape);
      for (let o = 0; o < out.length; o += d) {
        matrixProduct(v, matrix, o);
        if (accumulate) for (let i = 0; i < d; i++) out[o + i] += t[i];
        else for (let i = 0; i < d; i++) out[o + i] = t[i];
      }
    },
    linearCombination(out, vectors, constants) {
      combineByMulConst(kernels, d, out, vectors, constants);
    },
    dotIntegersRows(out, rows, rowStride, v, accumulate) {
      dotRowByRow(kernels, shape, out, rows, rowStride, v, accumulate);
    },
    dotIntegers(out, ints, v) {
      const acc = new BigUint64Array(d);
      for (let e = 0; e < ints.length; e++) {
        const s = ints[e];
        for (let j = 0; j < d; j++) acc[j] += s * v[e * d + j];
      }
      out.set(acc);
    },
  };
  return kernels;
}

function js128(shape: RingShape): RingKernels {
  const { degree: d, taps } = shape;
  const w = 2 * d;
  const read = (x: BigUint64Array, i: number) => (x[2 * i + 1] << 64n) | x[2 * i];
  const write = (x: BigUint64Array, i: number, value: bigint) => {
    x[2 * i] = BigInt.asUintN(64, value);
    x[2 * i + 1] = BigInt.asUintN(64, value >> 64n);
  };
  const wordwise = (out: BigUint64Array, a: BigUint64Array, f: (x: bigint) => bigint) => {
    for (let i = 0; i < out.length / 2; i++) write(out, i, f(read(a, i)));
  };
  const t = new Array<bigint>(2 * d - 1);
  /** t = a[e]·b[eb] before the final reduction mod 2^128. */
  const product = (a: BigUint64Array, b: BigUint64Array, e: number, eb = e) => {
    t.fill(0n);
    for (let i = 0; i < d; i++) {
      const ai = read(a, e * d + i);
      for (let j = 0; j < d; j++) t[i + j] += ai * read(b, eb * d + j);
    }
    for (let m = 2 * d - 2; m >= d; m--) for (const tap of taps) t[m - d + tap] -= t[m];
  };
  const store = (out: BigUint64Array, e: number, accumulate: boolean) => {
    for (let i = 0; i < d; i++) write(out, e * d + i, accumulate ? read(out, e * d + i) + t[i] : t[i]);
  };
  const kernels: RingKernels = {
    backend: 'js',
    add(out, a, b) {
      for (let i = 0; i < out.length / 2; i++) write(out, i, read(a, i) + read(b, i));
    },
    sub(out, a, b) {
      for (let i = 0; i < out.length / 2; i++) write(out, i, read(a, i) - read(b, i));
    },
    neg(out, a) {
      wordwise(out, a, (x) => -x);
    },
    mul(out, a, b) {
      for (let e = 0; e < out.length / w; e++) {
        product(a, b, e);
        store(out, e, false);
      }
    },
    mulAdd(acc, a, b) {
      for (let e = 0; e < acc.length / w; e++) {
        product(a, b, e);
        store(acc, e, true);
      }
    },
    mulConst(out, v, c, accumulate) {
      for (let e = 0; e < out.length / w; e++) {
        product(v, c, e, 0);
        store(out, e, accumulate);
      }
    },
    linearCombination(out, vectors, constants) {
      combineByMulConst(kernels, w, out, vectors, constants);
    },
    dotIntegersRows(out, rows, rowStride, v, accumulate) {
      dotRowByRow(kernels, shape, out, rows, rowStride, v, accumulate);
    },
    dotIntegers(out, ints, v) {
      const acc = new Array<bigint>(d).fill(0n);
      for (let e = 0; e < ints.length / 2; e++) {
        const s = read(ints, e);
        for (let j = 0; j < d; j++) acc[j] = BigInt.asUintN(128, acc[j] + s * read(v, e * d + j));
      }
      for (let j = 0; j < d; j++) write(out, j, acc[j]);
    },
  };
  return kernels;
}

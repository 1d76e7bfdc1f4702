// BLS12-446 point work in WebAssembly (native/bls446-wasm, Rust, built by `npm run build:wasm` into
// bls446-kernel.wasm beside this file): constant-time batch multiplication, batch curve + subgroup validation and
// MSM, ≈ 10× faster than @noble/curves' BigInt arithmetic. Points cross into the module as affine coordinates in
// canonical little-endian bytes (G1 x‖y = 112 B, G2 x.c0‖x.c1‖y.c0‖y.c1 = 224 B, infinity = all zeros, which no
// curve point has); the byte forms are also what the CRS workers exchange, so they post Uint8Arrays, not bigints.
import { readFileSync } from 'node:fs';
import type { WeierstrassPoint, WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { bls446, type Fp2, isScalar } from './curve.ts';
import { CurveError, type CurveErrorKind, checkArg } from './errors.ts';

/** Bytes of one canonical little-endian Fp coordinate. */
export const FP_BYTES = 56;
/** Bytes of one scalar (little-endian, < r). */
export const SCALAR_BYTES = 40;

// The WebAssembly global as far as this module uses it (the project's lib setting carries no DOM/wasm types).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface KernelExports {
  memory: WasmMemory;
  heap_base(): number;
  mul_scratch_bytes(group: number): number;
  msm_scratch_bytes(group: number, n: number, bits: number): number;
  g1_mul(points: number, scalars: number, n: number, out: number, scratch: number): number;
  g2_mul(points: number, scalars: number, n: number, out: number, scratch: number): number;
  g1_validate(points: number, n: number, allowInfinityAt: number): number;
  g2_validate(points: number, n: number, allowInfinityAt: number): number;
  g1_msm(points: number, scalars: number, n: number, bits: number, out: number, scratch: number): number;
  g2_msm(points: number, scalars: number, n: number, bits: number, out: number, scratch: number): number;
}

let loaded: KernelExports | undefined;

function kernel(): KernelExports {
  if (loaded === undefined) {
    const url = new URL('./bls446-kernel.wasm', import.meta.url);
    let bytes: Buffer;
    try {
      bytes = readFileSync(url);
    } catch {
      throw new Error(`BLS12-446 kernel missing at ${url.pathname}: run \`npm run build:wasm\``);
    }
    loaded = new wasmApi.Instance(new wasmApi.Module(bytes), {}).exports as KernelExports;
  }
  return loaded;
}

/** Lays out regions of the given sizes (8-byte aligned) above the module's heap base, growing memory as needed. */
function arena(k: KernelExports, sizes: number[]): number[] {
  let at = k.heap_base();
  const offsets = sizes.map((size) => {
    const start = (at + 7) & ~7;
    at = start + size;
    return start;
  });
  const missing = at - k.memory.buffer.byteLength;
  if (missing > 0) k.memory.grow(Math.ceil(missing / 65536));
  return offsets;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const HEX_VALUE = new Uint8Array(128);
for (let i = 0; i < 16; i++) HEX_VALUE[i.toString(16).charCodeAt(0)] = i;

/** Writes v < 2^448 as 56 little-endian bytes (one hex conversion per coordinate, no per-limb BigInt work). */
function writeFp(out: Uint8Array, offset: number, v: bigint): void {
  const hex = v.toString(16);
  let pos = hex.length;
  for (let i = 0; i < FP_BYTES && pos > 0; i++, pos -= 2) {
    const low = HEX_VALUE[hex.charCodeAt(pos - 1)];
    const high = pos >= 2 ? HEX_VALUE[hex.charCodeAt(pos - 2)] : 0;
    out[offset + i] = (high << 4) | low;
  }
}

function readFp(bytes: Uint8Array, offset: number): bigint {
  let hex = '0x';
  for (let i = offset + FP_BYTES - 1; i >= offset; i--) hex += HEX[bytes[i]];
  return BigInt(hex);
}

function allZero(bytes: Uint8Array, offset: number, length: number): boolean {
  for (let i = offset; i < offset + length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** The first invalid point of a batch. */
export interface InvalidPoint {
  index: number;
  kind: Extract<CurveErrorKind, 'NotOnCurve' | 'NotInSubgroup' | 'Infinity'>;
}

const INVALID_KINDS = [undefined, 'NotOnCurve', 'NotInSubgroup', 'Infinity'] as const;

/** The kernel operations of one group, on byte buffers and on noble points. */
export interface GroupKernel<T> {
  /** Bytes of one affine point. */
  readonly pointBytes: number;
  /** Affine bytes of points (infinity → zeros: noble never builds a point with y = 0 and Z ≠ 0, and (0, 0) is
   * on neither curve, so the form is unambiguous). */
  pack(points: readonly WeierstrassPoint<T>[]): Uint8Array;
  unpack(bytes: Uint8Array): WeierstrassPoint<T>[];
  /** [sᵢ]Pᵢ for points in the prime-order subgroup, constant time in the scalars (bytes in, bytes out). */
  mulBytes(points: Uint8Array, scalars: Uint8Array): Uint8Array;
  mul(points: readonly WeierstrassPoint<T>[], scalars: readonly bigint[]): WeierstrassPoint<T>[];
  /** The first point that is off the curve, outside the subgroup, or infinity at an index other than
   * `allowInfinityAt`; null when all are valid. */
  firstInvalidBytes(points: Uint8Array, allowInfinityAt?: number): InvalidPoint | null;
  firstInvalid(points: readonly WeierstrassPoint<T>[], allowInfinityAt?: number): InvalidPoint | null;
  /** Σ sᵢ·Pᵢ (Pippenger, variable time: public scalars of at most `bits` bits). */
  msmBytes(points: Uint8Array, scalars: Uint8Array, bits: number): Uint8Array;
  msm(points: readonly WeierstrassPoint<T>[], scalars: readonly bigint[]): WeierstrassPoint<T>;
}

/** Little-endian scalar bytes; every scalar must be in [0, r).
 * @example packScalars([1n, 2n]).length // 80
 */
export function packScalars(scalars: readonly bigint[]): Uint8Array {
  checkArg(Array.isArray(scalars), 'scalars', 'expected an array of bigints');
  const out = new Uint8Array(scalars.length * SCALAR_BYTES);
  scalars.forEach((s, i) => {
    checkArg(isScalar(s), `scalars[${i}]`, 'expected a bigint scalar in [0, r)');
    if (s !== 0n) writeFp(out, i * SCALAR_BYTES, s);
  });
  return out;
}

interface Coordinates<T> {
  group: 1 | 2;
  words: 1 | 2;
  C: WeierstrassPointCons<T>;
  write(out: Uint8Array, offset: number, v: T): void;
  read(bytes: Uint8Array, offset: number): T;
}

function groupKernel<T>(g: Coordinates<T>): GroupKernel<T> {
  const coordBytes = g.words * FP_BYTES;
  const pointBytes = 2 * coordBytes;
  const mulFn = g.group === 1 ? 'g1_mul' : 'g2_mul';
  const msmFn = g.group === 1 ? 'g1_msm' : 'g2_msm';
  const validateFn = g.group === 1 ? 'g1_validate' : 'g2_validate';

  const checkPoints = (bytes: Uint8Array, name: string) => {
    checkArg(bytes instanceof Uint8Array, name, 'expected a Uint8Array');
    checkArg(bytes.length % pointBytes === 0, name, `expected a multiple of ${pointBytes} bytes`);
    return bytes.length / pointBytes;
  };
  const checkScalars = (bytes: Uint8Array, n: number) => {
    checkArg(bytes instanceof Uint8Array, 'scalars', 'expected a Uint8Array');
    checkArg(bytes.length === n * SCALAR_BYTES, 'scalars', `expected ${n} scalars of ${SCALAR_BYTES} bytes`);
  };
  const failed = (code: number): never => {
    throw new CurveError('InvalidEncoding', `points[${code - 1}]`, 'coordinate not below the field modulus');
  };

  const pack = (points: readonly WeierstrassPoint<T>[]) => {
    checkArg(Array.isArray(points), 'points', 'expected an array of points');
    const out = new Uint8Array(points.length * pointBytes);
    points.forEach((p, i) => {
      checkArg(p instanceof g.C, `points[${i}]`, `expected a G${g.group} point`);
      if (p.is0()) return;
      const { x, y } = p.toAffine();
      g.write(out, i * pointBytes, x);
      g.write(out, i * pointBytes + coordBytes, y);
    });
    return out;
  };
  const unpack = (bytes: Uint8Array) => {
    const n = checkPoints(bytes, 'bytes');
    const out = new Array<WeierstrassPoint<T>>(n);
    for (let i = 0; i < n; i++) {
      const o = i * pointBytes;
      out[i] = allZero(bytes, o, pointBytes)
        ? g.C.ZERO
        : new g.C(g.read(bytes, o), g.read(bytes, o + coordBytes), g.C.Fp.ONE);
    }
    return out;
  };
  const mulBytes = (points: Uint8Array, scalars: Uint8Array) => {
    const n = checkPoints(points, 'points');
    checkScalars(scalars, n);
    const k = kernel();
    const size = n * pointBytes;
    const [pIn, sIn, out, scratch] = arena(k, [size, scalars.length, size, n * k.mul_scratch_bytes(g.group)]);
    const mem = new Uint8Array(k.memory.buffer);
    mem.set(points, pIn);
    mem.set(scalars, sIn);
    const code = k[mulFn](pIn, sIn, n, out, scratch);
    // the τ powers were in linear memory: wipe them and the per-point intermediates
    const after = new Uint8Array(k.memory.buffer);
    after.fill(0, sIn, sIn + scalars.length);
    const result = after.slice(out, out + size);
    after.fill(0, scratch, scratch + n * k.mul_scratch_bytes(g.group));
    if (code !== 0) failed(code);
    return result;
  };
  const firstInvalidBytes = (points: Uint8Array, allowInfinityAt = -1) => {
    const n = checkPoints(points, 'points');
    checkArg(Number.isInteger(allowInfinityAt), 'allowInfinityAt', 'expected an integer');
    const k = kernel();
    const [pIn] = arena(k, [points.length]);
    new Uint8Array(k.memory.buffer).set(points, pIn);
    const code = k[validateFn](pIn, n, allowInfinityAt >= 0 && allowInfinityAt < n ? allowInfinityAt : -1);
    if (code === 0) return null;
    return { index: code >>> 2, kind: INVALID_KINDS[code & 3] as InvalidPoint['kind'] };
  };
  const msmBytes = (points: Uint8Array, scalars: Uint8Array, bits: number) => {
    const n = checkPoints(points, 'points');
    checkScalars(scalars, n);
    checkArg(Number.isInteger(bits) && bits >= 1 && bits <= 320, 'bits', 'expected an integer in [1, 320]');
    const k = kernel();
    const scratchBytes = k.msm_scratch_bytes(g.group, n, bits);
    const [pIn, sIn, out, scratch] = arena(k, [points.length, scalars.length, pointBytes, scratchBytes]);
    const mem = new Uint8Array(k.memory.buffer);
    mem.set(points, pIn);
    mem.set(scalars, sIn);
    const code = k[msmFn](pIn, sIn, n, bits, out, scratch);
    if (code !== 0) failed(code);
    return new Uint8Array(k.memory.buffer).slice(out, out + pointBytes);
  };
  const bitsOf = (scalars: readonly bigint[]) => {
    let max = 0n;
    for (const s of scalars) if (s > max) max = s;
    return Math.max(1, max.toString(2).length);
  };
  return {
    pointBytes,
    pack,
    unpack,
    mulBytes,
    mul(points, scalars) {
      checkArg(
        Array.isArray(scalars) && scalars.length === points.length,
        'scalars',
        'expected one scalar per point',
      );
      return unpack(mulBytes(pack(points), packScalars(scalars)));
    },
    firstInvalidBytes,
    firstInvalid: (points, allowInfinityAt = -1) => firstInvalidBytes(pack(points), allowInfinityAt),
    msmBytes,
    msm(points, scalars) {
      checkArg(
        Array.isArray(scalars) && scalars.length === points.length,
        'scalars',
        'expected one scalar per point',
      );
      const packed = packScalars(scalars);
      return unpack(msmBytes(pack(points), packed, bitsOf(scalars)))[0];
    },
  };
}

/** G1 kernel operations.
 * @example kernelG1.mul([bls446.G1.BASE], [5n])[0].equals(bls446.G1.BASE.multiply(5n)) // true
 */
export const kernelG1: GroupKernel<bigint> = groupKernel<bigint>({
  group: 1,
  words: 1,
  C: bls446.G1,
  write: writeFp,
  read: readFp,
});

/** G2 kernel operations.
 * @example kernelG2.firstInvalid([bls446.G2.BASE]) // null
 */
export const kernelG2: GroupKernel<Fp2> = groupKernel<Fp2>({
  group: 2,
  words: 2,
  C: bls446.G2,
  write: (out, offset, v) => {
    writeFp(out, offset, v.c0);
    writeFp(out, offset + FP_BYTES, v.c1);
  },
  read: (bytes, offset) => ({ c0: readFp(bytes, offset), c1: readFp(bytes, offset + FP_BYTES) }),
});
